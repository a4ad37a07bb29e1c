import { useCallback } from 'react';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  DAPR_APP_ID_ANNOTATION,
  getEntityDaprRef,
  type EntityDaprRef,
} from '@daprise/plugin-daprise-common';
import { dapriseApiRef, type EntityDapriseView } from '../../api';
import { useLiveResource } from '../../hooks/useLiveResource';
import { useRefreshOnIndexChange } from '../../hooks/useRefreshOnIndexChange';
import { DapriseErrorPanel } from '../shared/errors';
import { formatAge } from '../shared/ObservedAt';
import { AppSection, ClusterErrorSection } from './AppSection';

/** Dapr's reference of the annotation, linked from the card's empty state. */
const DAPR_ANNOTATIONS_URL =
  'https://docs.dapr.io/reference/arguments-annotations-overview/';

/**
 * Props of {@link EntityDapriseCard}.
 * @public
 */
export interface EntityDapriseCardProps {
  /** Card title; default `Dapr`. */
  title?: string;
}

function scopeText(ref: EntityDaprRef): string {
  const where = [
    ref.namespace && `namespace ${ref.namespace}`,
    ref.cluster && `cluster ${ref.cluster}`,
  ].filter(Boolean);
  return where.length > 0 ? ` in ${where.join(', ')}` : '';
}

function sortedApps(view: EntityDapriseView) {
  return [...view.apps].sort(
    (a, b) =>
      a.cluster.localeCompare(b.cluster) ||
      a.namespace.localeCompare(b.namespace),
  );
}

function EntityDapriseContent(props: {
  entity: Entity;
  daprRef: EntityDaprRef;
}) {
  const { entity, daprRef } = props;
  const api = useApi(dapriseApiRef);
  const entityRef = stringifyEntityRef(entity);
  const load = useCallback(
    (signal: AbortSignal) =>
      api.getEntityView(getCompoundEntityRef(entity), { signal }),
    [api, entity],
  );
  const { value, error, loading, refresh } = useLiveResource(load, entityRef);
  useRefreshOnIndexChange(value?.indexVersion, refresh);

  if (!value) {
    if (loading) return <Progress aria-label="Loading the Dapr view" />;
    return (
      <DapriseErrorPanel
        error={error ?? new Error('Unknown error')}
        title="Could not load the Dapr view"
        permission="daprise.entity.read"
        permissionDescription="You may not see the Dapr view of this entity."
      />
    );
  }

  const apps = sortedApps(value);
  const clustersByName = new Map(value.clusters.map(c => [c.name, c]));
  const clustersWithApps = new Set(apps.map(app => app.cluster));
  const failingClusters = value.clusters.filter(
    cluster =>
      (cluster.stale || cluster.reason) && !clustersWithApps.has(cluster.name),
  );

  return (
    <>
      {error && (
        <Box mb={2}>
          <Alert severity="warning">
            Could not refresh ({error.message}); showing the state observed{' '}
            {formatAge(value.observedAt, Date.now())}.
          </Alert>
        </Box>
      )}
      {apps.length === 0 && failingClusters.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          Nothing runs or routes to app-id <code>{daprRef.appId}</code>
          {scopeText(daprRef)} in the clusters Daprise watches
          {value.clusters.length > 0
            ? ` (${value.clusters.map(c => c.name).join(', ')})`
            : ''}
          .
        </Typography>
      )}
      {apps.map(app => (
        <AppSection
          key={app.key}
          app={app}
          cluster={clustersByName.get(app.cluster)}
          observedAt={value.observedAt}
        />
      ))}
      {failingClusters.map(cluster => (
        <ClusterErrorSection key={cluster.name} cluster={cluster} />
      ))}
    </>
  );
}

/**
 * The Dapr view of a catalog entity: per cluster and namespace, its Dapr Shared instance or
 * sidecar, the components in scope, the Gateway routes with their route maps, and the findings
 * of the governance rules. Updates live when the clusters change.
 * @public
 */
export function EntityDapriseCard(props: EntityDapriseCardProps) {
  const { entity } = useEntity();
  const daprRef = getEntityDaprRef(entity);
  return (
    <InfoCard
      title={props.title ?? 'Dapr'}
      titleTypographyProps={{ component: 'h2' }}
      subheader={
        daprRef ? (
          // One element: the subheader is a flex container, which drops the spaces
          // between separate children.
          <span>
            app-id <code>{daprRef.appId}</code>
            {scopeText(daprRef)}
          </span>
        ) : undefined
      }
    >
      {daprRef ? (
        <EntityDapriseContent entity={entity} daprRef={daprRef} />
      ) : (
        <MissingAnnotationEmptyState
          annotation={DAPR_APP_ID_ANNOTATION}
          readMoreUrl={DAPR_ANNOTATIONS_URL}
        />
      )}
    </InfoCard>
  );
}
