import { InfoCard } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AppSection } from './AppSection';
import {
  EntityDaprApps,
  MissingDaprAppId,
  scopeText,
  useEntityDaprRef,
} from './EntityDaprApps';

/**
 * Props of {@link EntityDapriseCard}.
 * @public
 */
export interface EntityDapriseCardProps {
  /** Card title; default `Dapr`. */
  title?: string;
  /**
   * The path of the entity's Dapr tab (`EntityDapriseContent`) under the entity page, which
   * the card links to; default `dapr`, as the new frontend system mounts it. `null` for no
   * link (a legacy app that does not mount the tab).
   */
  contentPath?: string | null;
}

/**
 * The catalog's entity route, or undefined in an app that does not mount it (a card shown
 * outside the catalog, as in tests): `useRouteRef` throws there, after the same hook calls.
 */
function useEntityRoute() {
  try {
    return useRouteRef(entityRouteRef);
  } catch {
    return undefined;
  }
}

/**
 * The Dapr view of a catalog entity: per cluster and namespace, its Dapr Shared instance or
 * sidecar, the components in scope, the Gateway routes with their route maps, and the findings
 * of the governance rules. Updates live when the clusters change.
 * @public
 */
export function EntityDapriseCard(props: EntityDapriseCardProps) {
  const { entity, daprRef } = useEntityDaprRef();
  const entityRoute = useEntityRoute();
  const contentPath =
    props.contentPath === undefined ? 'dapr' : props.contentPath;
  const contentLink =
    entityRoute && daprRef && contentPath
      ? `${entityRoute(entityRouteParams(entity))}/${contentPath}`
      : undefined;
  return (
    <InfoCard
      deepLink={
        contentLink
          ? { title: 'Whole Dapr view', link: contentLink }
          : undefined
      }
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
        <EntityDaprApps
          entity={entity}
          daprRef={daprRef}
          renderApp={(app, cluster, observedAt) => (
            <AppSection app={app} cluster={cluster} observedAt={observedAt} />
          )}
        />
      ) : (
        <MissingDaprAppId />
      )}
    </InfoCard>
  );
}
