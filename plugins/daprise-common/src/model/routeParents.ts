import { GATEWAY_API_GROUP } from '../slim/gateway';
import { refOf } from '../refs';
import { listenerAdmitsNamespace } from './listeners';
import { namespacesOf } from './namespaces';
import type {
  ConditionStatus,
  SlimCondition,
  SlimGateway,
  SlimListener,
  SlimParentRef,
  SlimReferenceGrant,
  SlimRoute,
} from '../types';
import type { RouteParentView } from './routeTypes';
import type { GroupedCluster } from './snapshotTypes';

/**
 * The ReferenceGrant in a Service's namespace that lets routes of `fromNamespace` reference it,
 * if any (Gateway API: a grant names the Service or, without a name, every Service).
 * @public
 */
export function findReferenceGrant(
  grants: readonly SlimReferenceGrant[],
  fromNamespace: string,
  serviceName: string,
  from: { group: string; kind: string } = {
    group: GATEWAY_API_GROUP,
    kind: 'HTTPRoute',
  },
  to: { group: string; kind: string } = { group: '', kind: 'Service' },
): SlimReferenceGrant | undefined {
  return grants.find(
    grant =>
      grant.from.some(
        f =>
          f.group === from.group &&
          f.kind === from.kind &&
          f.namespace === fromNamespace,
      ) &&
      grant.to.some(
        t =>
          t.group === to.group &&
          t.kind === to.kind &&
          (t.name === undefined || t.name === serviceName),
      ),
  );
}

function conditionStatus(
  conditions: readonly SlimCondition[],
  type: string,
): ConditionStatus {
  return conditions.find(c => c.type === type)?.status ?? 'Unknown';
}

function sameParent(
  a: SlimParentRef,
  b: SlimParentRef,
  routeNamespace: string,
): boolean {
  return (
    a.group === b.group &&
    a.kind === b.kind &&
    a.name === b.name &&
    (a.namespace ?? routeNamespace) === (b.namespace ?? routeNamespace) &&
    (a.sectionName ?? '') === (b.sectionName ?? '') &&
    (a.port ?? 0) === (b.port ?? 0)
  );
}

/**
 * Resolves a route's parents: the Gateways, their class and controller, whether their
 * listeners admit the route's namespace, and the per-parent status conditions. A parent may be
 * a ListenerSet (Gateway API v1.6 standard channel, `apis/v1/listenerset_types.go`): routes
 * attach to its listeners, and its `spec.parentRef` names the Gateway that serves them; the
 * chain route → ListenerSet → Gateway is resolved and the ListenerSet's listeners decide.
 * @public
 */
export function resolveRouteParents(
  cluster: GroupedCluster,
  route: SlimRoute,
): RouteParentView[] {
  return route.parentRefs.map(parentRef => {
    const namespace = parentRef.namespace ?? route.namespace;
    const status = route.parents.find(p =>
      sameParent(p.parentRef, parentRef, route.namespace),
    );
    const conditions = status?.conditions ?? [];
    const view: RouteParentView = {
      parentRef: { ...parentRef, namespace },
      found: false,
      statusReported: status !== undefined,
      accepted: conditionStatus(conditions, 'Accepted'),
      resolvedRefs: conditionStatus(conditions, 'ResolvedRefs'),
      programmed: 'Unknown',
      conditions,
    };
    if (parentRef.group !== GATEWAY_API_GROUP) return view;
    let gateway: SlimGateway | undefined;
    let listenersOf: SlimListener[] = [];
    if (parentRef.kind === 'Gateway') {
      gateway = cluster.namespaces.get(namespace)?.gateways.get(parentRef.name);
      listenersOf = gateway?.listeners ?? [];
    } else if (parentRef.kind === 'ListenerSet') {
      const listenerSet = cluster.namespaces
        .get(namespace)
        ?.listenerSets.get(parentRef.name);
      if (!listenerSet) return view;
      view.listenerSet = refOf(cluster.name, listenerSet);
      const parent = listenerSet.parentRef;
      if (parent.group === GATEWAY_API_GROUP && parent.kind === 'Gateway')
        gateway = cluster.namespaces
          .get(parent.namespace ?? listenerSet.namespace)
          ?.gateways.get(parent.name);
      listenersOf = listenerSet.listeners;
    }
    if (!gateway) return view;
    view.found = true;
    view.gateway = refOf(cluster.name, gateway);
    view.gatewayClassName = gateway.gatewayClassName;
    const gatewayClass = cluster.gatewayClasses.get(gateway.gatewayClassName);
    if (gatewayClass) view.controllerName = gatewayClass.controllerName;
    view.programmed = conditionStatus(gateway.conditions, 'Programmed');
    const listeners = listenersOf.filter(
      l =>
        (!parentRef.sectionName || l.name === parentRef.sectionName) &&
        (!parentRef.port || l.port === parentRef.port),
    );
    const labels = namespacesOf(cluster);
    const admits = listeners.map(l =>
      listenerAdmitsNamespace(l, namespace, route.namespace, labels),
    );
    if (admits.includes(true)) view.allowsRouteNamespace = true;
    else if (!admits.includes(undefined)) view.allowsRouteNamespace = false;
    return view;
  });
}
