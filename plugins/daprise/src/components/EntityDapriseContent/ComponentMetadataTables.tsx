import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { AppView, SlimMetadataItem } from '@daprise/plugin-daprise-common';
import { CardSection } from '../shared/Fields';
import { ToneChip } from '../shared/status';

/**
 * Where an item's value comes from, as Daprise may show it: a secret or environment
 * reference by name, a literal the backend masked, or a literal it judged harmless.
 */
function MetadataValue(props: { item: SlimMetadataItem }) {
  const { item } = props;
  if (item.secretKeyRef)
    return (
      <span>
        secret <code>{item.secretKeyRef.name}</code>
        {item.secretKeyRef.key && (
          <>
            {' '}
            key <code>{item.secretKeyRef.key}</code>
          </>
        )}
      </span>
    );
  if (item.envRef)
    return (
      <span>
        environment variable <code>{item.envRef}</code>
      </span>
    );
  if (item.masked)
    return (
      <ToneChip
        tone="warning"
        label="masked"
        title="A literal value that is or may be a secret: Daprise does not show it"
      />
    );
  if (item.value === undefined || item.value === '')
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        (empty)
      </Typography>
    );
  return <code>{item.value}</code>;
}

/**
 * Every component in the app's scope with its metadata: names, and values only as the
 * backend kept them (secret references by name, masked literals as "masked").
 */
export function ComponentMetadataTables(props: { app: AppView }) {
  const { app } = props;
  return (
    <CardSection
      id={`daprise-metadata-${app.key}`}
      heading={`Component metadata (${app.components.length} components)`}
    >
      {app.components.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No Dapr component in namespace {app.namespace} is in scope of app-id{' '}
          {app.appId}.
        </Typography>
      )}
      {app.components.map(component => (
        <Table
          key={component.name}
          size="small"
          aria-label={`Metadata of component ${component.name}`}
        >
          <TableHead>
            <TableRow>
              <TableCell colSpan={2}>
                <strong>{component.name}</strong> · {component.type}{' '}
                {component.version}
                {component.secretStore &&
                  ` · secrets from ${component.secretStore}`}
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {component.metadata.length === 0 && (
              <TableRow>
                <TableCell colSpan={2}>No metadata.</TableCell>
              </TableRow>
            )}
            {component.metadata.map(item => (
              <TableRow key={item.name}>
                <TableCell style={{ width: '35%' }}>{item.name}</TableCell>
                <TableCell>
                  <MetadataValue item={item} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ))}
    </CardSection>
  );
}
