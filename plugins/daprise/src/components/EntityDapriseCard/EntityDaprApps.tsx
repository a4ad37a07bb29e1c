import { Fragment, ReactNode, useCallback } from 'react';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  DAPR_APP_ID_ANNOTATION,
  dapriseEntityChannel,
  getEntityDaprRef,
  type AppView,
  type EntityDaprRef,
} from '@daprise/plugin-daprise-common';
import {
  dapriseApiRef,
  type ClusterSummary,
  type EntityDapriseView,
} from '../../api';
import { useLiveResource } from '../../hooks/useLiveResource';
import { useLiveUpdates } from '../../hooks/useLiveUpdates';
import { DapriseErrorPanel } from '../shared/errors';
import { formatAge } from '../shared/ObservedAt';
import { ClusterErrorSection } from './AppSection';
import { ObjectFindingsList } from './ObjectFindingsList';

/** Dapr's reference of the annotation, linked from the empty state. */
const DAPR_ANNOTATIONS_URL =
  'https://docs.dapr.io/reference/arguments-annotations-overview/';

/** The page's entity and its Dapr reference (undefined without the `dapr.io/app-id` annotation). */
export function useEntityDaprRef() {
  const { entity } = useEntity();
  return { entity, daprRef: getEntityDaprRef(entity) };
}

/** What the card and the tab show for an entity without the annotation: which one to add. */
export function MissingDaprAppId() {
  return (
    <MissingAnnotationEmptyState
      annotation={DAPR_APP_ID_ANNOTATION}
      readMoreUrl={DAPR_ANNOTATIONS_URL}
    />
  );
}

/** Where the entity's app-id is looked for, as text: ` in namespace shop, cluster local`. */
export function scopeText(ref: EntityDaprRef): string {
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

/**
 * An entity's Dapr view, kept live: loading and errors, the apps in cluster order (each
 * drawn by `renderApp`, the card's summary or the tab's whole view) and the clusters that
 * cannot be read.
 */
export function EntityDaprApps(props: {
  entity: Entity;
  daprRef: EntityDaprRef;
  renderApp: (
    app: AppView,
    cluster: ClusterSummary | undefined,
    observedAt: string,
  ) => ReactNode;
}) {
  const { entity, daprRef, renderApp } = props;
  const api = useApi(dapriseApiRef);
  const entityRef = stringifyEntityRef(entity);
  const load = useCallback(
    (signal: AbortSignal) =>
      api.getEntityView(getCompoundEntityRef(entity), { signal }),
    [api, entity],
  );
  const { value, error, loading, refresh } = useLiveResource(load, entityRef);
  useLiveUpdates(dapriseEntityChannel(entityRef), value?.indexVersion, refresh);

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
        <Fragment key={app.key}>
          {renderApp(app, clustersByName.get(app.cluster), value.observedAt)}
        </Fragment>
      ))}
      {apps.length > 0 && (
        <ObjectFindingsList findings={value.objectFindings ?? []} />
      )}
      {failingClusters.map(cluster => (
        <ClusterErrorSection key={cluster.name} cluster={cluster} />
      ))}
    </>
  );
}
