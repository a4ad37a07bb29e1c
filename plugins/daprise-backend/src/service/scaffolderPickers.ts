// What the scaffolder form's pickers read from the index: a cluster's namespaces, its Gateways
// with their listeners, and what already uses an app-id. Pure functions of the grouped fleet,
// so they answer from memory without asking an API server.
import {
  AppIdCheck,
  appIdFormatIssue,
  daprServiceName,
  GroupedCluster,
  isReservedName,
  namespacesOf,
  ScaffolderCondition,
  ScaffolderGateway,
  ScaffolderListener,
  SlimCondition,
  SlimGateway,
  SlimListener,
  SlimListenerSet,
} from '@daprise/plugin-daprise-common';

/**
 * The namespaces of a cluster a new service may go into, by name: every namespace the index
 * holds but the reserved ones (`kube-*`, `dapr-*`, which the template refuses). Undefined when
 * the cluster's namespaces are not known (not listed yet, or not readable).
 */
export function candidateNamespaces(
  cluster: GroupedCluster,
): Array<{ namespace: string; appIds: number }> | undefined {
  const namespaces = namespacesOf(cluster);
  if (!namespaces) return undefined;
  const appIds = new Map<string, number>();
  for (const app of cluster.apps.values())
    appIds.set(app.namespace, (appIds.get(app.namespace) ?? 0) + 1);
  return [...namespaces.keys()]
    .filter(name => !isReservedName(name))
    .sort()
    .map(namespace => ({ namespace, appIds: appIds.get(namespace) ?? 0 }));
}

function condition(
  conditions: readonly SlimCondition[],
  type: string,
): ScaffolderCondition | undefined {
  const found = conditions.find(c => c.type === type);
  if (!found) return undefined;
  return {
    status: found.status,
    ...(found.reason ? { reason: found.reason } : {}),
    ...(found.message ? { message: found.message } : {}),
  };
}

function listenerOf(
  listener: SlimListener,
  extra: Partial<ScaffolderListener>,
): ScaffolderListener {
  return {
    name: listener.name,
    port: listener.port,
    protocol: listener.protocol,
    ...(listener.hostname ? { hostname: listener.hostname } : {}),
    allowedRoutesFrom: listener.allowedRoutesFrom,
    ...extra,
  };
}

function gatewayOf(
  cluster: string,
  gateway: SlimGateway,
  listenerSets: readonly SlimListenerSet[],
): ScaffolderGateway {
  const own = gateway.listeners.map(listener => {
    const status = gateway.listenerStatus.find(s => s.name === listener.name);
    return listenerOf(listener, {
      ...(status ? { attachedRoutes: status.attachedRoutes } : {}),
      accepted: status ? condition(status.conditions, 'Accepted') : undefined,
      programmed: status
        ? condition(status.conditions, 'Programmed')
        : undefined,
    });
  });
  // A ListenerSet's listeners join its parent Gateway; their status is the set's.
  const added = listenerSets
    .filter(
      set =>
        set.parentRef.kind === 'Gateway' &&
        set.parentRef.name === gateway.name &&
        (set.parentRef.namespace ?? set.namespace) === gateway.namespace,
    )
    .flatMap(set =>
      set.listeners.map(listener =>
        listenerOf(listener, {
          listenerSet: { namespace: set.namespace, name: set.name },
          accepted: condition(set.conditions, 'Accepted'),
          programmed: condition(set.conditions, 'Programmed'),
        }),
      ),
    );
  return {
    cluster,
    namespace: gateway.namespace,
    name: gateway.name,
    gatewayClassName: gateway.gatewayClassName,
    addresses: gateway.addresses.map(a => a.value),
    accepted: condition(gateway.conditions, 'Accepted'),
    programmed: condition(gateway.conditions, 'Programmed'),
    listeners: [...own, ...added].map(dropUndefined),
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

/** Every Gateway of a cluster, by namespace then name, with its and its ListenerSets' listeners. */
export function clusterGateways(cluster: GroupedCluster): ScaffolderGateway[] {
  const listenerSets = [...cluster.namespaces.values()].flatMap(ns => [
    ...ns.listenerSets.values(),
  ]);
  return [...cluster.namespaces.values()]
    .flatMap(ns => [...ns.gateways.values()])
    .sort(
      (a, b) =>
        a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
    )
    .map(gateway =>
      dropUndefined(gatewayOf(cluster.name, gateway, listenerSets)),
    );
}

/**
 * Whether a new service may take `appId` in a namespace of a cluster: its format, and what of
 * the index already uses it there (a Dapr Shared instance, a workload with a sidecar, the app's
 * own workloads, or the `<app-id>-dapr` Service Dapr's name resolution dials), as the render
 * action checks it against the cluster.
 */
export function checkAppId(
  clusterName: string,
  cluster: GroupedCluster | undefined,
  namespace: string,
  appId: string,
  /** Whether the cluster has been listed: else nothing found may mean nothing read yet. */
  known: boolean,
): AppIdCheck {
  const formatIssue = appIdFormatIssue(appId);
  const usedBy = new Set<string>();
  const describe = (ref: { kind: string; namespace?: string; name: string }) =>
    `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
  const members = cluster?.apps.get(`${namespace}/${appId}`);
  for (const instance of members?.daprShared ?? [])
    usedBy.add(describe(instance.ref));
  for (const sidecar of members?.sidecars ?? [])
    usedBy.add(describe(sidecar.ref));
  const service = cluster?.namespaces
    .get(namespace)
    ?.services.get(daprServiceName(appId));
  if (service)
    usedBy.add(describe({ kind: 'Service', namespace, name: service.name }));
  return {
    cluster: clusterName,
    namespace,
    appId,
    ...(formatIssue ? { formatIssue } : {}),
    usedBy: [...usedBy],
    known,
    available: !formatIssue && usedBy.size === 0,
  };
}
