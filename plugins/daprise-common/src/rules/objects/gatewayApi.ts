// Object checks of Gateway API objects: every route, Gateway, ListenerSet and ReferenceGrant
// of a cluster, judged from the specs (and, for route status, from what controllers wrote), whether
// or not the route reaches an app. Kiali's codes where one corresponds.
import { compareStrings } from '../../compare';
import type { RouteKindName } from '../../kinds';
import { ROUTE_KINDS } from '../../kinds';
import { analyseCluster } from '../../model/analysis';
import type { ListenerAdmission } from '../../model/listeners';
import { listenerAdmission } from '../../model/listeners';
import { findReferenceGrant } from '../../model/routeParents';
import type { GroupedCluster } from '../../model/snapshotTypes';
import { refOf } from '../../refs';
import { GATEWAY_API_GROUP } from '../../slim/gateway';
import { namespacesOf } from '../../model/namespaces';
import type {
  SlimGateway,
  SlimListener,
  SlimListenerSet,
  SlimRoute,
  SlimRouteMatch,
} from '../../types';
import type { FindingDraft, Rule } from '../types';
import { absenceKnown } from './common';

const GATEWAY_API_SPEC = 'https://gateway-api.sigs.k8s.io/reference/spec/';

/** Every route of every kind the backend reads. */
function* routesOf(cluster: GroupedCluster) {
  for (const bucket of cluster.namespaces.values()) yield* bucket.routes;
}

function parentsOf(cluster: GroupedCluster, route: SlimRoute) {
  return analyseCluster(cluster).routeParents.get(route) ?? [];
}

function isGatewayRef(ref: { group: string; kind: string }): boolean {
  return ref.group === GATEWAY_API_GROUP && ref.kind === 'Gateway';
}

function isListenerSetRef(ref: { group: string; kind: string }): boolean {
  return ref.group === GATEWAY_API_GROUP && ref.kind === 'ListenerSet';
}

/** `Kind namespace/name` of a route. */
function routeName(route: SlimRoute): string {
  return `${route.kind} ${route.namespace}/${route.name}`;
}

/** The namespace/name of the Gateway a ListenerSet joins, when it names a Gateway. */
function gatewayOfListenerSet(
  listenerSet: SlimListenerSet,
): { namespace: string; name: string } | undefined {
  const parent = listenerSet.parentRef;
  if (!isGatewayRef(parent)) return undefined;
  return {
    namespace: parent.namespace ?? listenerSet.namespace,
    name: parent.name,
  };
}

/**
 * A parentRef naming a Gateway or ListenerSet that does not exist, or a ListenerSet whose own
 * Gateway does not: the route is served by nothing (KIA1401).
 * @public
 */
export const routeParentMissingRule: Rule = {
  id: 'route-parent-missing',
  defaultSeverity: 'high',
  title: 'Route parent does not exist',
  kinds: ['HTTPRoute'],
  rationale:
    'A route whose parent does not exist is served by no Gateway: its traffic never arrives, and nothing else reports it unless a controller writes status.',
  description:
    "A route names a parent Gateway or ListenerSet that does not exist in the namespace the parentRef resolves to (the route's own unless `namespace` is set), or a ListenerSet whose parent Gateway does not exist, so no Gateway serves the route.",
  remediation:
    "Point the parentRef at an existing Gateway or ListenerSet (name, and namespace when it is not the route's), or create it.",
  anchor: `${GATEWAY_API_SPEC}#parentreference`,
  kiali: 'KIA1401',
  check(cluster) {
    if (!absenceKnown(cluster, 'Gateway', 'ListenerSet')) return [];
    const drafts: FindingDraft[] = [];
    for (const route of routesOf(cluster)) {
      parentsOf(cluster, route).forEach((parent, i) => {
        const ref = parent.parentRef;
        if (parent.found) return;
        const target = `${ref.namespace}/${ref.name}`;
        const base = {
          object: refOf(cluster.name, route),
          field: `spec.parentRefs[${i}]`,
          parentRef: ref,
        };
        if (isGatewayRef(ref)) {
          drafts.push({
            ...base,
            message: `${routeName(
              route,
            )}: parentRef ${i} names Gateway ${target}, which does not exist`,
            remediation: `Create Gateway ${target}, or set spec.parentRefs[${i}] of ${routeName(
              route,
            )} to an existing Gateway.`,
          });
          return;
        }
        if (!isListenerSetRef(ref)) return;
        const listenerSet = cluster.namespaces
          .get(ref.namespace)
          ?.listenerSets.get(ref.name);
        if (!listenerSet) {
          drafts.push({
            ...base,
            message: `${routeName(
              route,
            )}: parentRef ${i} names ListenerSet ${target}, which does not exist`,
            remediation: `Create ListenerSet ${target}, or set spec.parentRefs[${i}] of ${routeName(
              route,
            )} to an existing ListenerSet or Gateway.`,
          });
          return;
        }
        const gateway = gatewayOfListenerSet(listenerSet);
        const named = gateway
          ? `Gateway ${gateway.namespace}/${gateway.name}`
          : `${listenerSet.parentRef.kind} ${listenerSet.parentRef.name}`;
        drafts.push({
          ...base,
          message: `${routeName(
            route,
          )}: parentRef ${i} names ListenerSet ${target}, whose parent ${named} does not exist`,
          remediation: `Create ${named}, or set spec.parentRef of ListenerSet ${target} to an existing Gateway.`,
          relatedObjects: [refOf(cluster.name, listenerSet)],
        });
      });
    }
    return drafts;
  },
};

const ADMISSION_TEXT: Record<
  Exclude<ListenerAdmission, 'admitted' | 'unknown'>,
  string
> = {
  'section-name': 'not the sectionName',
  port: 'another port',
  kind: 'does not admit the kind',
  hostname: 'no hostname in common',
  namespace: 'does not admit routes from the namespace',
};

/** The listeners a parent offers a route: the ListenerSet's for a ListenerSet, else the Gateway's. */
function parentListeners(
  cluster: GroupedCluster,
  ref: { kind: string; name: string; namespace: string },
):
  | { owner: SlimGateway | SlimListenerSet; listeners: SlimListener[] }
  | undefined {
  const bucket = cluster.namespaces.get(ref.namespace);
  if (isListenerSetRef({ group: GATEWAY_API_GROUP, kind: ref.kind })) {
    const listenerSet = bucket?.listenerSets.get(ref.name);
    return (
      listenerSet && { owner: listenerSet, listeners: listenerSet.listeners }
    );
  }
  const gateway = bucket?.gateways.get(ref.name);
  return gateway && { owner: gateway, listeners: gateway.listeners };
}

/**
 * A parent Gateway or ListenerSet that exists but none of whose listeners admits the route
 * (sectionName, port, route kind, hostname intersection, allowedRoutes namespaces, their
 * selector judged against the namespace's labels), judged from the specs whether or not a
 * controller has written status (KIA1401).
 * @public
 */
export const routeParentRejectsRule: Rule = {
  id: 'route-parent-rejects',
  defaultSeverity: 'high',
  title: 'No listener admits the route',
  kinds: ['HTTPRoute'],
  rationale:
    'A parent none of whose listeners admits the route does not serve it: the route looks attached but receives no traffic.',
  description:
    "A route's parent Gateway (or ListenerSet) exists, but none of its listeners admits the route: the sectionName or port names no listener, the listeners do not take the route's kind, their hostnames do not intersect the route's, or their allowedRoutes (`from`, or the namespace selector) exclude the route's namespace.",
  remediation:
    "Fix the parentRef's sectionName or port, the route's hostnames, or the listener's `allowedRoutes` (namespaces.from and selector, kinds).",
  anchor: `${GATEWAY_API_SPEC}#listener`,
  kiali: 'KIA1401',
  check(cluster) {
    const drafts: FindingDraft[] = [];
    const labels = namespacesOf(cluster);
    for (const route of routesOf(cluster)) {
      parentsOf(cluster, route).forEach((parent, i) => {
        const ref = parent.parentRef;
        if (!(isGatewayRef(ref) || isListenerSetRef(ref)) || !parent.found)
          return;
        const offered = parentListeners(cluster, ref);
        if (!offered) return;
        const { owner, listeners } = offered;
        const admissions = listeners.map(listener => ({
          listener,
          admission: listenerAdmission(
            listener,
            owner.namespace,
            ref,
            route,
            labels,
          ),
        }));
        if (
          admissions.some(
            a => a.admission === 'admitted' || a.admission === 'unknown',
          )
        )
          return;
        const why =
          admissions.length === 0
            ? 'it has no listeners'
            : admissions
                .map(
                  a =>
                    `${a.listener.name}: ${
                      a.admission === 'kind'
                        ? `does not admit ${route.kind}s`
                        : ADMISSION_TEXT[
                            a.admission as keyof typeof ADMISSION_TEXT
                          ]
                    }`,
                )
                .join('; ');
        drafts.push({
          message: `${routeName(route)}: no listener of ${owner.kind} ${
            owner.namespace
          }/${owner.name} admits it (${why})`,
          object: refOf(cluster.name, route),
          field: `spec.parentRefs[${i}]`,
          parentRef: ref,
          relatedObjects: [refOf(cluster.name, owner)],
        });
      });
    }
    return drafts;
  },
};

function* serviceBackendRefs(route: SlimRoute) {
  for (const [i, rule] of route.rules.entries()) {
    for (const [j, backendRef] of rule.backendRefs.entries()) {
      if (backendRef.group !== '' || backendRef.kind !== 'Service') continue;
      yield {
        field: `spec.rules[${i}].backendRefs[${j}]`,
        backendRef: {
          group: backendRef.group,
          kind: backendRef.kind,
          name: backendRef.name,
          namespace: backendRef.namespace ?? route.namespace,
          ...(backendRef.port !== undefined ? { port: backendRef.port } : {}),
        },
      };
    }
  }
}

/**
 * A backendRef naming a Service (or a port of it) that does not exist (KIA1402).
 * @public
 */
export const routeBackendMissingRule: Rule = {
  id: 'route-backend-missing',
  defaultSeverity: 'high',
  title: 'Route backend does not exist',
  kinds: ['HTTPRoute'],
  rationale:
    'Requests the route matches are answered with errors (typically 500) instead of reaching a service.',
  description:
    'A route sends traffic to a Service that does not exist, or to a port the Service does not have: the Gateway answers those requests with an error (or drops the connection).',
  remediation:
    'Point the backendRef at an existing Service and one of its ports, or create the Service.',
  anchor: `${GATEWAY_API_SPEC}#backendref`,
  kiali: 'KIA1402',
  check(cluster) {
    if (!absenceKnown(cluster, 'Service')) return [];
    const drafts: FindingDraft[] = [];
    for (const route of routesOf(cluster)) {
      for (const { field, backendRef } of serviceBackendRefs(route)) {
        const service = cluster.namespaces
          .get(backendRef.namespace)
          ?.services.get(backendRef.name);
        const target = `${backendRef.namespace}/${backendRef.name}`;
        const base = {
          object: refOf(cluster.name, route),
          backendRef,
        };
        if (!service) {
          drafts.push({
            ...base,
            field,
            message: `${routeName(
              route,
            )}: backend Service ${target} does not exist`,
            remediation: `Create Service ${target}, or set ${field} of ${routeName(
              route,
            )} to an existing Service.`,
          });
        } else if (
          backendRef.port !== undefined &&
          !service.ports.some(p => p.port === backendRef.port)
        ) {
          const ports = service.ports.map(p => p.port).join(', ') || 'none';
          drafts.push({
            ...base,
            field: `${field}.port`,
            message: `${routeName(route)}: Service ${target} has no port ${
              backendRef.port
            } (ports: ${ports})`,
            remediation: `Set ${field}.port to a port of Service ${target} (${ports}).`,
            relatedObjects: [refOf(cluster.name, service)],
          });
        }
      }
    }
    return drafts;
  },
};

/**
 * A backendRef to a Service in another namespace that no ReferenceGrant there allows (KIA1402).
 * @public
 */
export const routeBackendNotPermittedRule: Rule = {
  id: 'route-backend-not-permitted',
  defaultSeverity: 'high',
  title: 'Cross-namespace backend without ReferenceGrant',
  kinds: ['HTTPRoute'],
  rationale:
    "Gateway API only lets routes reach into another namespace with that namespace's consent: without a ReferenceGrant the backend does not resolve and its requests fail.",
  description:
    "A route references a Service in another namespace, and no ReferenceGrant in the Service's namespace allows routes of its kind from the route's namespace to reference it: the reference does not resolve.",
  remediation:
    "Add a ReferenceGrant in the Service's namespace with `from: {group: gateway.networking.k8s.io, kind: <route kind>, namespace: <route namespace>}` and `to: {group: '', kind: Service}`.",
  anchor: `${GATEWAY_API_SPEC}#referencegrant`,
  kiali: 'KIA1402',
  check(cluster) {
    if (!absenceKnown(cluster, 'ReferenceGrant')) return [];
    const drafts: FindingDraft[] = [];
    for (const route of routesOf(cluster)) {
      for (const { field, backendRef } of serviceBackendRefs(route)) {
        if (backendRef.namespace === route.namespace) continue;
        const grant = findReferenceGrant(
          cluster.namespaces.get(backendRef.namespace)?.referenceGrants ?? [],
          route.namespace,
          backendRef.name,
          { group: GATEWAY_API_GROUP, kind: route.kind },
        );
        if (grant) continue;
        drafts.push({
          message: `${routeName(route)}: no ReferenceGrant in namespace ${
            backendRef.namespace
          } lets ${route.kind}s from ${route.namespace} reference Service ${
            backendRef.name
          }`,
          object: refOf(cluster.name, route),
          field,
          backendRef,
          remediation: `Add a ReferenceGrant in namespace ${backendRef.namespace} from ${route.kind}s of namespace ${route.namespace} to Service ${backendRef.name}.`,
        });
      }
    }
    return drafts;
  },
};

/** Whether a `from` entry of a ReferenceGrant names a route kind the backend reads. */
function routeKindOf(from: { group: string; kind: string }) {
  return from.group === GATEWAY_API_GROUP &&
    (ROUTE_KINDS as readonly string[]).includes(from.kind)
    ? (from.kind as RouteKindName)
    : undefined;
}

/**
 * A ReferenceGrant entry no reference uses: no route of its kind in its `from` namespace
 * references a Service it grants. Only `from` entries for routes to Services are judged: the
 * other references (Gateways to Secrets) are not read. A `from` namespace that does not exist
 * is `reference-grant-namespace-missing`'s.
 * @public
 */
export const referenceGrantUnusedRule: Rule = {
  id: 'reference-grant-unused',
  defaultSeverity: 'low',
  title: 'ReferenceGrant that nothing uses',
  kinds: ['ReferenceGrant'],
  rationale:
    "A grant nobody uses is standing permission: it widens what another namespace's routes may reach, without anyone needing it.",
  description:
    'A ReferenceGrant allows routes of a namespace to reference Services, but no route of that kind there references one: the grant only widens what could be referenced later.',
  remediation:
    'Delete the ReferenceGrant (or its `from` entry), or fix its `from` namespace and kind to those of the routes that need it.',
  anchor: `${GATEWAY_API_SPEC}#referencegrant`,
  kiali: 'KIA1601',
  check(cluster) {
    const drafts: FindingDraft[] = [];
    const namespaces = namespacesOf(cluster);
    for (const bucket of cluster.namespaces.values()) {
      for (const grant of bucket.referenceGrants) {
        const services = grant.to.filter(
          t => t.group === '' && t.kind === 'Service',
        );
        if (services.length === 0) continue;
        grant.from.forEach((from, k) => {
          const kind = routeKindOf(from);
          if (!kind || !absenceKnown(cluster, kind)) return;
          // Where the namespace itself is missing, the other rule says so.
          if (namespaces && !namespaces.has(from.namespace)) return;
          const used = (cluster.namespaces.get(from.namespace)?.routes ?? [])
            .filter(route => route.kind === kind)
            .some(route =>
              [...serviceBackendRefs(route)].some(
                ({ backendRef }) =>
                  backendRef.namespace === grant.namespace &&
                  services.some(
                    t => t.name === undefined || t.name === backendRef.name,
                  ),
              ),
            );
          if (used) return;
          drafts.push({
            message: `ReferenceGrant ${grant.namespace}/${grant.name}: no ${kind} in namespace ${from.namespace} references a Service it grants`,
            object: refOf(cluster.name, grant),
            field: `spec.from[${k}]`,
          });
        });
      }
    }
    return drafts;
  },
};

/**
 * A ReferenceGrant whose `from` names a namespace that does not exist: a typo, or a leftover of
 * a deleted namespace, that would admit whatever is created under that name later (KIA1601).
 * @public
 */
export const referenceGrantNamespaceMissingRule: Rule = {
  id: 'reference-grant-namespace-missing',
  defaultSeverity: 'medium',
  title: "ReferenceGrant's from namespace does not exist",
  kinds: ['ReferenceGrant'],
  rationale:
    'A grant for a namespace nobody has created yet is a standing permission: whoever creates that namespace later may reference what it guards, and nothing says so today.',
  description:
    'A ReferenceGrant lets objects of a `from` namespace reference objects of its own namespace, but no namespace of that name exists: the grant serves nothing today, and admits whoever creates that namespace later.',
  remediation:
    'Fix `spec.from[].namespace` to the namespace of the routes that need the grant, or delete the entry.',
  anchor: `${GATEWAY_API_SPEC}#referencegrantfrom`,
  kiali: 'KIA1601',
  check(cluster) {
    const namespaces = namespacesOf(cluster);
    if (!namespaces) return [];
    const drafts: FindingDraft[] = [];
    for (const bucket of cluster.namespaces.values()) {
      for (const grant of bucket.referenceGrants) {
        grant.from.forEach((from, k) => {
          if (namespaces.has(from.namespace)) return;
          drafts.push({
            message: `ReferenceGrant ${grant.namespace}/${grant.name}: from namespace ${from.namespace} does not exist`,
            object: refOf(cluster.name, grant),
            field: `spec.from[${k}].namespace`,
            remediation: `Fix spec.from[${k}].namespace of ReferenceGrant ${grant.namespace}/${grant.name} (namespace ${from.namespace} does not exist), or delete the entry.`,
          });
        });
      }
    }
    return drafts;
  },
};

/**
 * A Gateway whose GatewayClass does not exist or was not Accepted by its controller: no
 * controller programs it (KIA1504).
 * @public
 */
export const gatewayClassMissingRule: Rule = {
  id: 'gateway-class-missing',
  defaultSeverity: 'high',
  title: 'GatewayClass missing or not accepted',
  kinds: ['Gateway'],
  rationale:
    'No controller programs a Gateway without an existing, Accepted GatewayClass: it gets no address and none of its routes is served.',
  description:
    'A Gateway names a GatewayClass that does not exist, or whose controller has not Accepted it: no controller programs the Gateway, so none of its routes is served.',
  remediation:
    "Set `spec.gatewayClassName` to an existing, Accepted GatewayClass (e.g. `cilium`), or fix the class's controller.",
  anchor: `${GATEWAY_API_SPEC}#gatewayclass`,
  kiali: 'KIA1504',
  check(cluster) {
    const drafts: FindingDraft[] = [];
    const missingKnown = absenceKnown(cluster, 'GatewayClass');
    for (const bucket of cluster.namespaces.values()) {
      for (const gateway of bucket.gateways.values()) {
        const gatewayClass = cluster.gatewayClasses.get(
          gateway.gatewayClassName,
        );
        const object = refOf(cluster.name, gateway);
        const field = 'spec.gatewayClassName';
        if (!gatewayClass) {
          if (!missingKnown) continue;
          drafts.push({
            message: `Gateway ${gateway.namespace}/${gateway.name}: GatewayClass ${gateway.gatewayClassName} does not exist`,
            object,
            field,
          });
        } else if (gatewayClass.accepted === 'False') {
          const reason = gatewayClass.conditions.find(
            c => c.type === 'Accepted',
          )?.reason;
          drafts.push({
            message: `Gateway ${gateway.namespace}/${
              gateway.name
            }: GatewayClass ${gatewayClass.name} is not Accepted${
              reason ? ` (${reason})` : ''
            }`,
            object,
            field,
            relatedObjects: [refOf(cluster.name, gatewayClass)],
          });
        }
      }
    }
    return drafts;
  },
};

/** Gateway API precedence among conflicting objects: the oldest, then by namespace/name. */
function precedes(
  a: { namespace: string; name: string; creationTimestamp?: string },
  b: { namespace: string; name: string; creationTimestamp?: string },
): boolean {
  const at = a.creationTimestamp ?? '';
  const bt = b.creationTimestamp ?? '';
  if (at !== bt) return at !== '' && (bt === '' || at < bt);
  return `${a.namespace}/${a.name}` < `${b.namespace}/${b.name}`;
}

/** The ListenerSets attached to each Gateway (by `namespace/name`), in precedence order. */
function listenerSetsByGateway(
  cluster: GroupedCluster,
): Map<string, SlimListenerSet[]> {
  const out = new Map<string, SlimListenerSet[]>();
  for (const bucket of cluster.namespaces.values())
    for (const listenerSet of bucket.listenerSets.values()) {
      const gateway = gatewayOfListenerSet(listenerSet);
      if (!gateway) continue;
      const key = `${gateway.namespace}/${gateway.name}`;
      const list = out.get(key) ?? [];
      list.push(listenerSet);
      out.set(key, list);
    }
  const order = (a: SlimListenerSet, b: SlimListenerSet) => {
    if (precedes(a, b)) return -1;
    return precedes(b, a) ? 1 : 0;
  };
  for (const list of out.values()) list.sort(order);
  return out;
}

/**
 * Two listeners of one Gateway, or of the Gateway and the ListenerSets attached to it, with
 * the same port, protocol and hostname: Gateway API marks them Conflicted and one of them
 * serves nothing. The Gateway's own listeners take precedence, then the ListenerSets' by age,
 * so the later listener is reported (KIA1503, and KIA1501 across ListenerSets).
 * @public
 */
export const gatewayListenerConflictRule: Rule = {
  id: 'gateway-listener-conflict',
  defaultSeverity: 'medium',
  title: 'Listeners claim the same port, protocol and hostname',
  kinds: ['Gateway', 'ListenerSet'],
  rationale:
    'Conflicting listeners are marked Conflicted by the implementation: the routes attached to them may be served by one, by the other, or not at all.',
  description:
    'Two listeners of one Gateway (its own, or those its ListenerSets add) have the same port, protocol and hostname, which Gateway API requires to be distinct: the implementation marks the later one Conflicted and routes attached to it are not served.',
  remediation:
    'Give each listener a distinct hostname (or port), or merge the two listeners into one.',
  anchor: `${GATEWAY_API_SPEC}#listener`,
  kiali: 'KIA1503',
  check(cluster) {
    const drafts: FindingDraft[] = [];
    const listenerSets = listenerSetsByGateway(cluster);
    for (const bucket of cluster.namespaces.values()) {
      for (const gateway of bucket.gateways.values()) {
        const owners: Array<SlimGateway | SlimListenerSet> = [
          gateway,
          ...(listenerSets.get(`${gateway.namespace}/${gateway.name}`) ?? []),
        ];
        const first = new Map<
          string,
          { listener: string; owner: SlimGateway | SlimListenerSet }
        >();
        for (const owner of owners) {
          const ownerName = `${owner.kind} ${owner.namespace}/${owner.name}`;
          owner.listeners.forEach((listener, j) => {
            const key = `${listener.port}/${listener.protocol}/${(
              listener.hostname ?? '*'
            ).toLowerCase()}`;
            const earlier = first.get(key);
            if (earlier === undefined) {
              first.set(key, { listener: listener.name, owner });
              return;
            }
            const claim = `port ${listener.port}, ${
              listener.protocol
            }, hostname ${listener.hostname ?? '*'}`;
            const same = earlier.owner === owner;
            drafts.push({
              message: same
                ? `${ownerName}: listeners ${earlier.listener} and ${listener.name} both claim ${claim}`
                : `${ownerName}: listener ${listener.name} and listener ${earlier.listener} of ${earlier.owner.kind} ${earlier.owner.namespace}/${earlier.owner.name} both claim ${claim}`,
              object: refOf(cluster.name, owner),
              field: `spec.listeners[${j}]`,
              ...(same
                ? {}
                : {
                    relatedObjects: [
                      refOf(cluster.name, earlier.owner),
                      ...(owner.kind === 'ListenerSet' &&
                      earlier.owner !== gateway
                        ? [refOf(cluster.name, gateway)]
                        : []),
                    ],
                  }),
            });
          });
        }
      }
    }
    return drafts;
  },
};

function matchKey(match: SlimRouteMatch): string {
  const sorted = <T extends { name: string }>(items: T[]) =>
    [...items].sort((a, b) => compareStrings(a.name, b.name));
  return JSON.stringify([
    match.path.type,
    match.path.value,
    match.method ?? '',
    sorted(match.headers),
    sorted(match.queryParams),
  ]);
}

function describeMatch(match: SlimRouteMatch): string {
  if (match.grpcMethod) {
    const { service, method } = match.grpcMethod;
    return `gRPC ${service ?? '*'}/${method ?? '*'}${
      match.headers.length > 0 ? ' with headers' : ''
    }`;
  }
  return `${match.method ? `${match.method} ` : ''}${match.path.type} ${
    match.path.value
  }${match.headers.length > 0 ? ' with headers' : ''}`;
}

/**
 * Two HTTPRoutes claiming the same hostname and match, or two GRPCRoutes the same hostname and
 * gRPC service/method, on the same parent (Gateway or ListenerSet, and listener): Gateway API
 * gives the match to the oldest route, so the other's rule never receives that traffic (KIA1106).
 * @public
 */
export const routeConflictRule: Rule = {
  id: 'route-conflict',
  defaultSeverity: 'medium',
  title: 'Routes claim the same hostname and path',
  kinds: ['HTTPRoute', 'GRPCRoute'],
  rationale:
    "Only the oldest of two conflicting routes gets the traffic: the other team's rule is dead, and which one wins changes when a route is recreated.",
  description:
    "Two HTTPRoutes attached to the same listener claim the same hostname and match (path, method, headers, query), or two GRPCRoutes the same hostname and gRPC service/method: Gateway API gives the traffic to the oldest route, so the other route's rule is dead.",
  remediation:
    'Give one of the routes another hostname, path or gRPC method, or merge their rules into one route.',
  anchor: 'https://gateway-api.sigs.k8s.io/api-types/httproute/#merging',
  kiali: 'KIA1106',
  check(cluster) {
    type Claim = {
      key: string;
      route: SlimRoute;
      field: string;
      text: string;
      host: string;
      parent: string;
    };
    const claims = new Map<string, Claim>();
    const drafts: FindingDraft[] = [];
    const claimants: Claim[] = [];
    for (const route of routesOf(cluster)) {
      if (route.kind !== 'HTTPRoute' && route.kind !== 'GRPCRoute') continue;
      const hosts = route.hostnames.length > 0 ? route.hostnames : ['*'];
      for (const parent of parentsOf(cluster, route)) {
        const p = parent.parentRef;
        if (!isGatewayRef(p) && !isListenerSetRef(p)) continue;
        const parentKey = `${p.kind}:${p.namespace}/${p.name}#${
          p.sectionName ?? ''
        }:${p.port ?? ''}`;
        route.rules.forEach((rule, i) => {
          rule.matches.forEach((match, k) => {
            for (const host of hosts) {
              claimants.push({
                key: `${
                  route.kind
                }|${parentKey}|${host.toLowerCase()}|${matchKey(match)}`,
                route,
                field: `spec.rules[${i}].matches[${k}]`,
                text: describeMatch(match),
                host,
                parent: `${p.kind} ${p.namespace}/${p.name}`,
              });
            }
          });
        });
      }
    }
    // The winner of each claim first, so every loser is reported against it.
    for (const claim of claimants) {
      const current = claims.get(claim.key);
      if (!current || precedes(claim.route, current.route))
        claims.set(claim.key, claim);
    }
    const reported = new Set<string>();
    for (const claim of claimants) {
      const winner = claims.get(claim.key)!;
      if (winner.route === claim.route) continue;
      const id = `${routeName(claim.route)}|${claim.field}|${claim.host}`;
      if (reported.has(id)) continue;
      reported.add(id);
      drafts.push({
        message: `${routeName(claim.route)}: ${claim.text} for host ${
          claim.host
        } on ${claim.parent} is already claimed by ${routeName(winner.route)}`,
        object: refOf(cluster.name, claim.route),
        field: claim.field,
        relatedObjects: [refOf(cluster.name, winner.route)],
      });
    }
    return drafts;
  },
};
