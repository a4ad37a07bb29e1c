import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type { AppView } from '@daprise/plugin-daprise-common';
import type { ClusterSummary } from '../../api';
import { ObservedAt } from '../shared/ObservedAt';
import { ToneChip } from '../shared/status';
import { ComponentsTable } from './ComponentsTable';
import { DaprRuntimeDetails } from './DaprRuntimeDetails';
import { FindingsList } from './FindingsList';
import { McpServersList } from './McpServersList';
import { RoutesList } from './RoutesList';
import { WorkflowAccessPoliciesList } from './WorkflowAccessPoliciesList';

const useStyles = makeStyles(theme => ({
  section: {
    '& + &': {
      marginTop: theme.spacing(3),
    },
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  parts: {
    display: 'grid',
    gap: theme.spacing(2),
    marginTop: theme.spacing(1),
  },
}));

/** The label of a cluster section: `cluster/namespace`. */
export function appSectionLabel(app: Pick<AppView, 'cluster' | 'namespace'>) {
  return `${app.cluster}/${app.namespace}`;
}

/**
 * Everything about the app-id in one namespace of one cluster: its daprd, components, routes
 * and findings, and how fresh that is.
 */
export function AppSection(props: {
  app: AppView;
  cluster?: ClusterSummary;
  observedAt?: string;
}) {
  const { app, cluster } = props;
  const classes = useStyles();
  const label = appSectionLabel(app);
  const stale = app.stale || cluster?.stale;
  return (
    <section aria-label={label} className={classes.section}>
      <div className={classes.header}>
        <Typography variant="h6" component="h3">
          {label}
        </Typography>
        {stale && (
          <ToneChip
            tone="warning"
            label="stale"
            title="The cluster cannot be read: this is the last known state"
          />
        )}
        <ObservedAt at={props.observedAt ?? app.observedAt} />
      </div>
      {stale && (
        <Alert severity="warning">
          Cluster {app.cluster} cannot be read
          {cluster?.reason ? `: ${cluster.reason}` : ''}. This is the last known
          state
          {cluster?.lastSyncAt ? (
            <>
              {' '}
              (<ObservedAt at={cluster.lastSyncAt} prefix="synced" />)
            </>
          ) : null}
          .
        </Alert>
      )}
      {!stale && cluster?.reason && (
        <Alert severity="info">
          Cluster {app.cluster} reports an error: {cluster.reason}. What is
          shown may be incomplete.
        </Alert>
      )}
      {app.unobservedKinds.length > 0 && (
        <Alert severity="info">
          Daprise cannot read {app.unobservedKinds.join(', ')} in cluster{' '}
          {app.cluster} (forbidden, failing or still syncing): what depends on
          them may be missing below.
        </Alert>
      )}
      <div className={classes.parts}>
        <DaprRuntimeDetails app={app} />
        <Divider />
        <ComponentsTable app={app} />
        <McpServersList app={app} />
        <WorkflowAccessPoliciesList app={app} />
        <Divider />
        <RoutesList app={app} />
        <Divider />
        <FindingsList app={app} />
      </div>
    </section>
  );
}

/** A cluster that cannot be read and shows nothing for the app: says so, in its own section. */
export function ClusterErrorSection(props: { cluster: ClusterSummary }) {
  const { cluster } = props;
  const classes = useStyles();
  return (
    <section aria-label={cluster.name} className={classes.section}>
      <div className={classes.header}>
        <Typography variant="h6" component="h3">
          {cluster.name}
        </Typography>
        <ToneChip tone="error" label="unavailable" />
      </div>
      <Alert severity="error">
        Cluster {cluster.name} cannot be read
        {cluster.reason ? `: ${cluster.reason}` : ''}. The app-id may run there
        too.
        {cluster.lastSyncAt && (
          <>
            {' '}
            <ObservedAt at={cluster.lastSyncAt} prefix="Last synced" />.
          </>
        )}
      </Alert>
    </section>
  );
}
