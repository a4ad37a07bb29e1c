import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ClusterKindStatus, ClusterStatus } from '../../api';
import { ObservedAt } from '../shared/ObservedAt';
import { ToneChip, type Tone } from '../shared/status';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  cluster: {
    flex: '1 1 220px',
    maxWidth: 420,
    padding: theme.spacing(1, 1.5),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
}));

/** A cluster's state in one word and tone. */
export function clusterState(cluster: ClusterStatus): {
  tone: Tone;
  label: string;
} {
  if (cluster.stale) return { tone: 'error', label: 'stale' };
  if (!cluster.synced) return { tone: 'unknown', label: 'syncing' };
  if (cluster.error) return { tone: 'warning', label: 'synced with errors' };
  return { tone: 'ok', label: 'synced' };
}

const KIND_STATE_TEXT: Record<
  Exclude<ClusterKindStatus['state'], 'synced'>,
  string
> = {
  'not-installed': 'Not installed',
  forbidden: 'Forbidden',
  error: 'Failing',
  syncing: 'Syncing',
};

function KindProblems(props: { cluster: ClusterStatus }) {
  const groups = new Map<string, string[]>();
  for (const [kind, status] of Object.entries(props.cluster.kinds)) {
    if (status.state === 'synced') continue;
    const label = KIND_STATE_TEXT[status.state];
    groups.set(label, [...(groups.get(label) ?? []), kind]);
  }
  if (groups.size === 0) return null;
  return (
    <>
      {[...groups.entries()].map(([label, kinds]) => (
        <Typography key={label} variant="body2" color="textSecondary">
          {label}: {kinds.sort().join(', ')}
        </Typography>
      ))}
    </>
  );
}

const CONTROL_PLANE_SERVICES = [
  'operator',
  'sentry',
  'placement',
  'scheduler',
  'sidecar-injector',
] as const;

/** The cluster's Dapr control plane: each service's version and readiness, and mTLS. */
function ControlPlane(props: { cluster: ClusterStatus }) {
  const plane = props.cluster.controlPlane;
  if (!plane) return null;
  const services = CONTROL_PLANE_SERVICES.map(name => {
    const found = plane.services.filter(s => s.name === name);
    if (found.length === 0) return `${name} not found`;
    return found
      .map(
        s =>
          `${name}${s.version ? ` ${s.version}` : ''} ${s.ready}/${
            s.desired
          } ready`,
      )
      .join(', ');
  });
  const mtls = plane.mtls;
  const mtlsText = `mTLS ${mtls.enabled ? 'on' : 'off'} (${
    mtls.source === 'default'
      ? "no daprsystem Configuration: Dapr's default"
      : `daprsystem in ${plane.daprsystem?.namespace}`
  }${
    mtls.workloadCertTTL ? `, certificates for ${mtls.workloadCertTTL}` : ''
  })`;
  return (
    <div aria-label={`Dapr control plane of ${props.cluster.name}`}>
      <Typography variant="body2">
        Dapr control plane
        {plane.namespaces.length > 0
          ? ` in ${plane.namespaces.join(', ')}`
          : ''}
        : {services.join('; ')}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {mtlsText}
      </Typography>
    </div>
  );
}

function ClusterList(props: { clusters?: ClusterStatus[]; error?: Error }) {
  const classes = useStyles();
  const { clusters, error } = props;
  if (clusters === undefined && error) {
    return (
      <Typography variant="body2" color="error">
        Could not load the clusters: {error.message}
      </Typography>
    );
  }
  if (clusters === undefined) {
    return (
      <Typography variant="body2" color="textSecondary">
        Loading the clusters…
      </Typography>
    );
  }
  if (clusters.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No cluster is configured for Daprise.
      </Typography>
    );
  }
  return (
    <ul className={classes.list} aria-label="Cluster health">
      {clusters.map(cluster => {
        const state = clusterState(cluster);
        return (
          <li
            key={cluster.name}
            className={classes.cluster}
            aria-label={`Cluster ${cluster.name}: ${state.label}`}
          >
            <div className={classes.header}>
              <Typography variant="subtitle2" component="h3">
                {cluster.name}
              </Typography>
              <ToneChip tone={state.tone} label={state.label} />
              <ObservedAt at={cluster.lastSyncAt} prefix="synced" />
            </div>
            {cluster.error && (
              <Typography variant="body2" color="error">
                {cluster.error}
              </Typography>
            )}
            <ControlPlane cluster={cluster} />
            <KindProblems cluster={cluster} />
          </li>
        );
      })}
    </ul>
  );
}

/**
 * One card per cluster: synced or stale, since when, its Dapr control plane, and kinds it lacks
 * or hides.
 */
export function ClusterHealth(props: {
  clusters?: ClusterStatus[];
  error?: Error;
}) {
  return (
    <InfoCard title="Clusters" titleTypographyProps={{ component: 'h2' }}>
      <ClusterList clusters={props.clusters} error={props.error} />
    </InfoCard>
  );
}
