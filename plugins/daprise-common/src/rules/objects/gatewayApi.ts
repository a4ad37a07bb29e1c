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
import { documentedRule } from '../documentation';

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
  ...documentedRule('route-parent-missing'),
  defaultSeverity: 'high',
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
  ...documentedRule('route-parent-rejects'),
  defaultSeverity: 'high',
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
  ...documentedRule('route-backend-missing'),
  defaultSeverity: 'high',
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
  ...documentedRule('route-backend-not-permitted'),
  defaultSeverity: 'high',
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
  ...documentedRule('reference-grant-unused'),
  defaultSeverity: 'low',
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
  ...documentedRule('reference-grant-namespace-missing'),
  defaultSeverity: 'medium',
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
  ...documentedRule('gateway-class-missing'),
  defaultSeverity: 'high',
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
  ...documentedRule('gateway-listener-conflict'),
  defaultSeverity: 'medium',
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
  ...documentedRule('route-conflict'),
  defaultSeverity: 'medium',
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
