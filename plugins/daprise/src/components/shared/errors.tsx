import { EmptyState, ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Typography from '@material-ui/core/Typography';

/** The HTTP status of an error from the Daprise client, if it came from a response. */
export function statusOf(error: Error): number | undefined {
  if (error instanceof ResponseError) return error.statusCode;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Says which permission is missing, with the permission's name so an admin can grant it. */
export function PermissionRequired(props: {
  permission: string;
  description: string;
}) {
  return (
    <EmptyState
      missing="info"
      title="Permission required"
      description={
        <>
          {props.description}{' '}
          <Typography component="span" variant="inherit">
            You need the <code>{props.permission}</code> permission; ask your
            Backstage administrator to grant it.
          </Typography>
        </>
      }
    />
  );
}

/** An error of the Daprise backend: a permission message for 403, the error panel otherwise. */
export function DapriseErrorPanel(props: {
  error: Error;
  permission: string;
  permissionDescription: string;
  title?: string;
}) {
  const { error, permission, permissionDescription, title } = props;
  if (statusOf(error) === 403) {
    return (
      <PermissionRequired
        permission={permission}
        description={permissionDescription}
      />
    );
  }
  return <ResponseErrorPanel error={error} title={title} />;
}
