import { trimmed } from '../lists';
import { objectRefKey, refOf } from '../refs';
import type { SlimBackendRef, SlimRoute, SlimService } from '../types';
import { appIdOfDaprService } from './daprShared';
import { invokeTargetOf } from './invoke';
import { buildHops } from './routeHops';
import { GATEWAY_API_GROUP } from '../slim/gateway';
import { findReferenceGrant, resolveRouteParents } from './routeParents';
import type {
  AppRef,
  RouteBackendView,
  RouteMode,
  RouteParentView,
  RouteView,
} from './routeTypes';
import type { GroupedCluster } from './snapshotTypes';

/**
 * daprd's ports: 3500 serves its HTTP API, 50001 its gRPC API, which also proxies gRPC service
 * invocation (docs.dapr.io/developing-applications/building-blocks/service-invocation/howto-invoke-services-grpc/,
 * Dapr 1.18). The Dapr operator's `<app-id>-dapr` Service maps 80 to 3500 and exposes 50001.
 */
const DAPRD_PORTS = [3500, 50001];

function servesDaprPort(
  service: SlimService,
  port: number | undefined,
): boolean {
  const servicePort = service.ports.find(
    p => port === undefined || p.port === port,
  );
  return DAPRD_PORTS.some(
    daprd => servicePort?.targetPort === daprd || servicePort?.port === daprd,
  );
}

/** A route view's id: `namespace/name#rule.backendRef`, prefixed by the kind for non-HTTPRoutes. */
function routeViewId(
  route: SlimRoute,
  ruleIndex: number,
  backendRefIndex: number,
): string {
  const id = `${route.namespace}/${route.name}#${ruleIndex}.${backendRefIndex}`;
  return route.kind === 'HTTPRoute' ? id : `${route.kind} ${id}`;
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
 * The routes of a grouped cluster by app: `byTarget` by the app each reaches (`namespace/appId`),
 * `byEntry` by the app whose Dapr Shared (or daprd) they enter through to invoke another app.
 * @public
 */
export interface RoutesByApp {
  byTarget: Map<string, RouteView[]>;
  byEntry: Map<string, RouteView[]>;
}

function push(map: Map<string, RouteView[]>, key: string, view: RouteView) {
  const list = map.get(key);
  if (list) list.push(view);
  else map.set(key, [view]);
}

/**
 * Follows every route of a grouped cluster (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute,
 * UDPRoute) to the apps it reaches (through Dapr or around it). A route that reaches an app's
 * own Dapr Shared through its `<app-id>-dapr` Service and invokes another app is that other
 * app's (with the hops), and also the entry app's: the gateway app's page lists the routes that
 * enter through it. `parentsOf` gives each route's resolved parents (default: resolved here)
 * so the analysis resolves them once.
 * @public
 */
export function analyseRoutes(
  cluster: GroupedCluster,
  parentsOf: (route: SlimRoute) => RouteParentView[] = route =>
    resolveRouteParents(cluster, route),
): RoutesByApp {
  const byApp = new Map<string, RouteView[]>();
  const byEntry = new Map<string, RouteView[]>();
  for (const bucket of cluster.namespaces.values()) {
    for (const route of bucket.routes) {
      const parents = parentsOf(route);
      const ref = refOf(cluster.name, route);
      route.rules.forEach((rule, ruleIndex) => {
        const matches = rule.matches.map(m => ({
          path: m.path,
          ...(m.method ? { method: m.method } : {}),
          headers: m.headers.map(h => h.name),
          ...(m.grpcMethod ? { grpcMethod: m.grpcMethod } : {}),
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
                { group: GATEWAY_API_GROUP, kind: route.kind },
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
          const tlsPolicy = backendTLSPolicyFor(cluster, namespace, backendRef);
          if (tlsPolicy)
            backend.backendTLSPolicy = {
              ref: refOf(cluster.name, tlsPolicy),
              hostname: tlsPolicy.hostname,
            };
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
              id: routeViewId(route, ruleIndex, backendRefIndex),
              kind: route.kind,
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
            push(byApp, `${targetApp.namespace}/${targetApp.appId}`, view);
            if (via) push(byEntry, `${via.namespace}/${via.appId}`, view);
          }
        });
      });
    }
  }
  // Built by `push`, kept as long as the index is.
  for (const map of [byApp, byEntry])
    for (const [key, views] of map) map.set(key, trimmed(views));
  return { byTarget: byApp, byEntry };
}

/**
 * The BackendTLSPolicy of the backendRef's namespace that targets its Service (Gateway API v1:
 * a policy's `targetRefs` are local Services; with a `sectionName`, the named port only). The
 * oldest wins a conflict, as the Gateway API's conflict rule says.
 */
function backendTLSPolicyFor(
  cluster: GroupedCluster,
  namespace: string,
  backendRef: SlimBackendRef,
) {
  const bucket = cluster.namespaces.get(namespace);
  if (!bucket || bucket.backendTLSPolicies.length === 0) return undefined;
  const service = bucket.services.get(backendRef.name);
  const portName = service?.ports.find(p => p.port === backendRef.port)?.name;
  return bucket.backendTLSPolicies
    .filter(policy =>
      policy.targetRefs.some(
        t =>
          t.group === '' &&
          t.kind === 'Service' &&
          t.name === backendRef.name &&
          (!t.sectionName || t.sectionName === portName),
      ),
    )
    .sort((a, b) =>
      (a.creationTimestamp ?? '').localeCompare(b.creationTimestamp ?? ''),
    )[0];
}
