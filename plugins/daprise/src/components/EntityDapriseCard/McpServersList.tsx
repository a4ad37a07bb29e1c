import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { AppView, SlimMCPServer } from '@daprise/plugin-daprise-common';
import { CardSection, Fields } from '../shared/Fields';
import { ItemBox } from '../shared/ItemBox';
import { ToneChip } from '../shared/status';

const useStyles = makeStyles(theme => ({
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
}));

const TRANSPORT_TEXT: Record<SlimMCPServer['transport'], string> = {
  streamableHTTP: 'Streamable HTTP',
  sse: 'SSE',
  stdio: 'stdio (a local command)',
  none: 'none set',
};

/** A header by name and where its value comes from (never the value). */
function headerText(header: SlimMCPServer['headers'][number]): string {
  if (header.secretKeyRef)
    return `${header.name} (secret ${header.secretKeyRef.name}${
      header.secretKeyRef.key ? `/${header.secretKeyRef.key}` : ''
    })`;
  if (header.envRef) return `${header.name} (env ${header.envRef})`;
  return `${header.name} (literal)`;
}

/** How the app's daprd authenticates to the MCP server, in words. */
export function mcpAuthText(server: SlimMCPServer): string {
  const ways = [
    server.auth.oauth2 && 'OAuth2',
    server.auth.spiffe && 'SPIFFE',
    server.auth.secretStore && `secrets from ${server.auth.secretStore}`,
  ].filter(Boolean);
  return ways.length > 0 ? ways.join(', ') : 'none';
}

function McpServerDetails(props: { server: SlimMCPServer }) {
  const { server } = props;
  const classes = useStyles();
  return (
    <ItemBox label={`MCPServer ${server.name}`}>
      <Typography variant="body2" gutterBottom>
        <strong>
          MCPServer {server.namespace}/{server.name}
        </strong>
        {server.displayName ? ` · ${server.displayName}` : ''}
      </Typography>
      <Fields
        fields={[
          ['Transport', TRANSPORT_TEXT[server.transport]],
          [server.transport === 'stdio' ? 'Command' : 'URL', server.target],
          ['Auth', mcpAuthText(server)],
          [
            'Headers',
            server.headers.length > 0
              ? server.headers.map(headerText).join(', ')
              : undefined,
          ],
          ['Owner', server.ownerTeam],
          ['About', server.description],
          [
            'Workflows',
            server.middlewareWorkflows.length > 0
              ? server.middlewareWorkflows.join(', ')
              : undefined,
          ],
          [
            'Scope',
            server.scopes.length > 0 ? (
              <ToneChip
                tone="ok"
                label="scoped"
                title={`Only ${server.scopes.join(', ')} load this MCP server`}
              />
            ) : (
              <ToneChip
                tone="warning"
                label="not scoped"
                title="Every app-id in the namespace loads this MCP server"
              />
            ),
          ],
          [
            'Secrets',
            server.plaintextSecretLike.length > 0 ? (
              <div className={classes.chips}>
                {server.plaintextSecretLike.map(name => (
                  <ToneChip
                    key={name}
                    tone="error"
                    label={`plain-text secret: ${name}`}
                  />
                ))}
              </div>
            ) : undefined,
          ],
        ]}
      />
    </ItemBox>
  );
}

/**
 * The MCP servers the app's daprd loads (Dapr 1.18 scopes them like Components): shown only
 * when there is one, since most apps have none.
 */
export function McpServersList(props: { app: AppView }) {
  const { app } = props;
  if (app.mcpServers.length === 0) return null;
  return (
    <CardSection
      id={`daprise-mcp-servers-${app.key}`}
      heading={`MCP servers (${app.mcpServers.length})`}
    >
      {app.mcpServers.map(server => (
        <McpServerDetails key={server.name} server={server} />
      ))}
    </CardSection>
  );
}
