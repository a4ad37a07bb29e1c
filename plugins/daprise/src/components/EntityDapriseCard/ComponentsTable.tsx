import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { AppView, SlimComponent } from '@daprise/plugin-daprise-common';
import { CardSection } from '../shared/Fields';
import { ToneChip } from '../shared/status';

/**
 * The secret references of a component, as `secret/key` (never a value: the backend does not
 * read Secrets, and literal values are not shown at all).
 */
export function secretReferences(component: SlimComponent): string[] {
  return component.metadata
    .filter(item => item.secretKeyRef)
    .map(({ secretKeyRef }) =>
      secretKeyRef!.key
        ? `${secretKeyRef!.name}/${secretKeyRef!.key}`
        : secretKeyRef!.name,
    );
}

function Scope(props: { component: SlimComponent }) {
  const { component } = props;
  if (component.scopes.length === 0) {
    return (
      <ToneChip
        tone="warning"
        label="not scoped"
        title="Every app-id in the namespace may load this component"
      />
    );
  }
  return (
    <ToneChip
      tone="ok"
      label="scoped"
      title={`Only ${component.scopes.join(', ')} may load this component`}
    />
  );
}

/** The Dapr components the app-id may load, with their secret references by name. */
export function ComponentsTable(props: { app: AppView }) {
  const { app } = props;
  return (
    <CardSection
      id={`daprise-components-${app.key}`}
      heading={`Components (${app.components.length})`}
    >
      {app.components.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No Dapr component in namespace {app.namespace} is in scope of app-id{' '}
          {app.appId}.
        </Typography>
      ) : (
        <Table
          size="small"
          aria-label={`Components of ${app.appId} in ${app.cluster}/${app.namespace}`}
        >
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Scope</TableCell>
              <TableCell>Secret references</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {app.components.map(component => {
              const secrets = secretReferences(component);
              return (
                <TableRow key={component.name}>
                  <TableCell>{component.name}</TableCell>
                  <TableCell>
                    {component.type} {component.version}
                  </TableCell>
                  <TableCell>
                    <Scope component={component} />
                  </TableCell>
                  <TableCell>
                    {secrets.length === 0 &&
                      component.plaintextSecretLike.length === 0 &&
                      '—'}
                    {secrets.map(secret => (
                      <div key={secret}>
                        <code>{secret}</code>
                      </div>
                    ))}
                    {component.secretStore && secrets.length > 0 && (
                      <Typography variant="caption" color="textSecondary">
                        from secret store {component.secretStore}
                      </Typography>
                    )}
                    {component.plaintextSecretLike.length > 0 && (
                      <div>
                        <ToneChip
                          tone="error"
                          label={`plain-text secret: ${component.plaintextSecretLike.join(
                            ', ',
                          )}`}
                          title="These metadata entries hold a literal value that looks like a secret (not shown). Use secretKeyRef."
                        />
                      </div>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </CardSection>
  );
}
