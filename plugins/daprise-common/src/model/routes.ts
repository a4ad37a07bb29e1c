import { trimmed } from '../lists';
import { objectRefKey, refOf } from '../refs';
import type { SlimBackendRef, SlimHTTPRoute, SlimService } from '../types';
import { appIdOfDaprService } from './daprShared';
import { invokeTargetOf } from './invoke';
import { buildHops } from './routeHops';
import { findReferenceGrant, resolveRouteParents } from './routeParents';
import type {
  AppRef,
  RouteBackendView,
  RouteMode,
  RouteParentView,
  RouteView,
} from './routeTypes';
import type { GroupedCluster } from './snapshotTypes';

function servesDaprPort(
  service: SlimService,
  port: number | undefined,
): boolean {
  const servicePort = service.ports.find(
    p => port === undefined || p.port === port,
  );
  return servicePort?.targetPort === 3500 || servicePort?.port === 3500;
}

/**
 * The apps a backendRef reaches and how: `dapr` when it reaches the app's daprd, `bypass` when
 * it reaches the app's own pods. A `<Y>-dapr` Service is Y's daprd when Y runs in the namespace
 * (the name Dapr's name resolution dials); any other Service is followed to the workloads it
 * selects. A `<Y>-dapr` Service that leads nowhere known still counts as Y's daprd, so the hop
 * can say that Y is missing.
 */
function backendTargets(
  cluster: GroupedCluster,
  backendRef: SlimBackendRef,
  namespace: string,
): Array<{ kind: 'dapr' | 'bypass'; app: AppRef }> {
  const daprOwner = appIdOfDaprService(backendRef.name);
  if (daprOwner && cluster.apps.has(`${namespace}/${daprOwner}`)) {
    return [{ kind: 'dapr', app: { appId: daprOwner, namespace } }];
  }
  const out: Array<{ kind: 'dapr' | 'bypass'; app: AppRef }> = [];
  const bucket = cluster.namespaces.get(namespace);
  const service = bucket?.services.get(backendRef.name);
  if (bucket && service) {
    const seen = new Set<string>();
    for (const workload of bucket.workloadsByPodLabel.selectForService(
      service.selector,
    )) {
      for (const link of cluster.appsByWorkload.get(
        objectRefKey(refOf(cluster.name, workload)),
      ) ?? []) {
        const kind =
          link.role === 'dapr-shared' ||
          (link.role === 'sidecar' && servesDaprPort(service, backendRef.port))
            ? 'dapr'
            : 'bypass';
        const key = `${kind}:${link.appKey}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ kind, app: splitAppKey(link.appKey) });
      }
    }
  }
  if (out.length === 0 && daprOwner)
    return [{ kind: 'dapr', app: { appId: daprOwner, namespace } }];
  return out;
}

function splitAppKey(key: string): AppRef {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), appId: key.slice(slash + 1) };
}

/**
 * Follows every HTTPRoute of a grouped cluster to the apps it reaches (through Dapr or around
 * it) and returns the route views by `namespace/appId` of the target app. `parentsOf` gives
 * each route's resolved parents (default: resolved here) so the analysis resolves them once.
 * @public
 */
export function analyseRoutes(
  cluster: GroupedCluster,
  parentsOf: (route: SlimHTTPRoute) => RouteParentView[] = route =>
    resolveRouteParents(cluster, route),
): Map<string, RouteView[]> {
  const byApp = new Map<string, RouteView[]>();
  for (const bucket of cluster.namespaces.values()) {
    for (const route of bucket.routes) {
      const parents = parentsOf(route);
      const ref = refOf(cluster.name, route);
      route.rules.forEach((rule, ruleIndex) => {
        const matches = rule.matches.map(m => ({
          path: m.path,
          ...(m.method ? { method: m.method } : {}),
          headers: m.headers.map(h => h.name),
        }));
        rule.backendRefs.forEach((backendRef, backendRefIndex) => {
          if (backendRef.group !== '' || backendRef.kind !== 'Service') return;
          const namespace = backendRef.namespace ?? route.namespace;
          const crossNamespace = namespace !== route.namespace;
          const grant = crossNamespace
            ? findReferenceGrant(
                cluster.namespaces.get(namespace)?.referenceGrants ?? [],
                route.namespace,
                backendRef.name,
              )
            : undefined;
          const backend: RouteBackendView = {
            name: backendRef.name,
            namespace,
            serviceFound:
              cluster.namespaces
                .get(namespace)
                ?.services.has(backendRef.name) ?? false,
            crossNamespace,
            permitted: !crossNamespace || grant !== undefined,
          };
          if (backendRef.port !== undefined) backend.port = backendRef.port;
          if (grant) backend.referenceGrant = grant.name;
          const invoke = invokeTargetOf(rule, backendRef);
          for (const target of backendTargets(cluster, backendRef, namespace)) {
            let mode: RouteMode;
            let targetApp: AppRef;
            let via: AppRef | undefined;
            if (target.kind === 'dapr') {
              const owner = target.app;
              const invoked = invoke
                ? {
                    appId: invoke.appId,
                    namespace: invoke.namespace ?? owner.namespace,
                  }
                : owner;
              if (
                invoked.appId === owner.appId &&
                invoked.namespace === owner.namespace
              ) {
                mode = 'direct-dapr';
                targetApp = owner;
              } else {
                mode = 'via-dapr';
                targetApp = invoked;
                via = owner;
              }
            } else {
              mode = 'bypass';
              targetApp = target.app;
            }
            const partial: Omit<RouteView, 'hops'> = {
              id: `${route.namespace}/${route.name}#${ruleIndex}.${backendRefIndex}`,
              ref,
              name: route.name,
              namespace: route.namespace,
              ruleIndex,
              backendRefIndex,
              hostnames: route.hostnames,
              matches,
              parents,
              mode,
              target: targetApp,
              backend,
            };
            if (via) partial.via = via;
            if (invoke && mode !== 'bypass') partial.invoke = invoke;
            const view: RouteView = {
              ...partial,
              hops: trimmed(buildHops(cluster, route, partial)),
            };
            const key = `${targetApp.namespace}/${targetApp.appId}`;
            const list = byApp.get(key);
            if (list) list.push(view);
            else byApp.set(key, [view]);
          }
        });
      });
    }
  }
  // Built by `push`, kept as long as the index is.
  for (const [key, views] of byApp) byApp.set(key, trimmed(views));
  return byApp;
}
