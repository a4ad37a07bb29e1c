// Object checks of Gateway API objects: every HTTPRoute, Gateway and ReferenceGrant of a
// cluster, judged from the specs (and, for route status, from what controllers wrote), whether
// or not the route reaches an app. Kiali's codes where one corresponds.
import { compareStrings } from '../../compare';
import { analyseCluster } from '../../model/analysis';
import type { ListenerAdmission } from '../../model/listeners';
import { listenerAdmission } from '../../model/listeners';
import { findReferenceGrant } from '../../model/routeParents';
import type { GroupedCluster } from '../../model/snapshotTypes';
import { refOf } from '../../refs';
import { GATEWAY_API_GROUP } from '../../slim/gateway';
import type { SlimHTTPRoute, SlimRoute, SlimRouteMatch } from '../../types';
import type { FindingDraft, Rule } from '../types';
import { absenceKnown } from './common';

const GATEWAY_API_SPEC = 'https://gateway-api.sigs.k8s.io/reference/spec/';

function isHTTPRoute(route: SlimRoute): route is SlimHTTPRoute {
  return route.kind === 'HTTPRoute';
}

// These checks read HTTPRoute matches and listener kinds; the other route kinds are shown on
// the apps they reach and judged there.
function* routesOf(cluster: GroupedCluster) {
  for (const bucket of cluster.namespaces.values())
    for (const route of bucket.routes) if (isHTTPRoute(route)) yield route;
}

function parentsOf(cluster: GroupedCluster, route: SlimHTTPRoute) {
  return analyseCluster(cluster).routeParents.get(route) ?? [];
}

function isGatewayRef(ref: { group: string; kind: string }): boolean {
  return ref.group === GATEWAY_API_GROUP && ref.kind === 'Gateway';
}

/**
 * A parentRef naming a Gateway that does not exist: the route is served by nothing (KIA1401).
 * ListenerSets are not read, so parentRefs to them are not judged.
 * @public
 */
export const routeParentMissingRule: Rule = {
  id: 'route-parent-missing',
  defaultSeverity: 'high',
  title: 'Route parent does not exist',
  description:
    "An HTTPRoute names a parent Gateway that does not exist in the namespace the parentRef resolves to (the route's own unless `namespace` is set), so no Gateway serves the route.",
  remediation:
    "Point the parentRef at an existing Gateway (name, and namespace when it is not the route's), or create the Gateway.",
  anchor: `${GATEWAY_API_SPEC}#parentreference`,
  kiali: 'KIA1401',
  check(cluster) {
    if (!absenceKnown(cluster, 'Gateway')) return [];
    const drafts: FindingDraft[] = [];
    for (const route of routesOf(cluster)) {
      parentsOf(cluster, route).forEach((parent, i) => {
        if (!isGatewayRef(parent.parentRef) || parent.found) return;
        const gateway = `${parent.parentRef.namespace}/${parent.parentRef.name}`;
        drafts.push({
          message: `HTTPRoute ${route.namespace}/${route.name}: parentRef ${i} names Gateway ${gateway}, which does not exist`,
          object: refOf(cluster.name, route),
          field: `spec.parentRefs[${i}]`,
          parentRef: parent.parentRef,
          remediation: `Create Gateway ${gateway}, or set spec.parentRefs[${i}] of HTTPRoute ${route.namespace}/${route.name} to an existing Gateway.`,
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
  kind: 'does not admit HTTPRoutes',
  hostname: 'no hostname in common',
  namespace: 'does not admit routes from the namespace',
};

/**
 * A parent Gateway that exists but none of whose listeners admits the route (sectionName,
 * port, route kind, hostname intersection, allowedRoutes namespaces), judged from the specs
 * whether or not a controller has written status (KIA1401).
 * @public
 */
export const routeParentRejectsRule: Rule = {
  id: 'route-parent-rejects',
  defaultSeverity: 'high',
  title: 'No listener admits the route',
  description:
    "An HTTPRoute's parent Gateway exists, but none of its listeners admits the route: the sectionName or port names no listener, the listeners do not take HTTPRoutes, their hostnames do not intersect the route's, or their allowedRoutes exclude the route's namespace.",
  remediation:
    "Fix the parentRef's sectionName or port, the route's hostnames, or the listener's `allowedRoutes` (namespaces.from, kinds).",
  anchor: `${GATEWAY_API_SPEC}#listener`,
  kiali: 'KIA1401',
  check(cluster) {
    const drafts: FindingDraft[] = [];
    for (const route of routesOf(cluster)) {
      parentsOf(cluster, route).forEach((parent, i) => {
        if (!isGatewayRef(parent.parentRef) || !parent.found) return;
        const gateway = cluster.namespaces
          .get(parent.parentRef.namespace)
          ?.gateways.get(parent.parentRef.name);
        if (!gateway) return;
        const admissions = gateway.listeners.map(listener => ({
          listener,
          admission: listenerAdmission(
            listener,
            gateway.namespace,
            parent.parentRef,
            route,
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
                      ADMISSION_TEXT[a.admission as keyof typeof ADMISSION_TEXT]
                    }`,
                )
                .join('; ');
        drafts.push({
          message: `HTTPRoute ${route.namespace}/${route.name}: no listener of Gateway ${gateway.namespace}/${gateway.name} admits it (${why})`,
          object: refOf(cluster.name, route),
          field: `spec.parentRefs[${i}]`,
          parentRef: parent.parentRef,
          relatedObjects: [refOf(cluster.name, gateway)],
        });
      });
    }
    return drafts;
  },
};

function* serviceBackendRefs(route: SlimHTTPRoute) {
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
  description:
    'An HTTPRoute sends traffic to a Service that does not exist, or to a port the Service does not have: the Gateway answers those requests with an error.',
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
            message: `HTTPRoute ${route.namespace}/${route.name}: backend Service ${target} does not exist`,
            remediation: `Create Service ${target}, or set ${field} of HTTPRoute ${route.namespace}/${route.name} to an existing Service.`,
          });
        } else if (
          backendRef.port !== undefined &&
          !service.ports.some(p => p.port === backendRef.port)
        ) {
          const ports = service.ports.map(p => p.port).join(', ') || 'none';
          drafts.push({
            ...base,
            field: `${field}.port`,
            message: `HTTPRoute ${route.namespace}/${route.name}: Service ${target} has no port ${backendRef.port} (ports: ${ports})`,
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
  description:
    "An HTTPRoute references a Service in another namespace, and no ReferenceGrant in the Service's namespace allows HTTPRoutes from the route's namespace to reference it: the reference does not resolve.",
  remediation:
    "Add a ReferenceGrant in the Service's namespace with `from: {group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: <route namespace>}` and `to: {group: '', kind: Service}`.",
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
        );
        if (grant) continue;
        drafts.push({
          message: `HTTPRoute ${route.namespace}/${route.name}: no ReferenceGrant in namespace ${backendRef.namespace} lets HTTPRoutes from ${route.namespace} reference Service ${backendRef.name}`,
          object: refOf(cluster.name, route),
          field,
          backendRef,
          remediation: `Add a ReferenceGrant in namespace ${backendRef.namespace} from HTTPRoutes of namespace ${route.namespace} to Service ${backendRef.name}.`,
        });
      }
    }
    return drafts;
  },
};

/**
 * A ReferenceGrant entry no reference uses: no HTTPRoute of its `from` namespace (which may not
 * exist at all) references an object it grants. Only `from` entries for HTTPRoutes to Services
 * are judged: the other kinds are not read (KIA1601).
 * @public
 */
export const referenceGrantUnusedRule: Rule = {
  id: 'reference-grant-unused',
  defaultSeverity: 'low',
  title: 'ReferenceGrant that nothing uses',
  description:
    'A ReferenceGrant allows HTTPRoutes of a namespace to reference Services, but no HTTPRoute there references one: the namespace does not exist or has no such route, so the grant only widens what could be referenced later.',
  remediation:
    'Delete the ReferenceGrant (or its `from` entry), or fix its `from` namespace to the namespace of the routes that need it.',
  anchor: `${GATEWAY_API_SPEC}#referencegrant`,
  kiali: 'KIA1601',
  check(cluster) {
    if (!absenceKnown(cluster, 'HTTPRoute')) return [];
    const drafts: FindingDraft[] = [];
    for (const bucket of cluster.namespaces.values()) {
      for (const grant of bucket.referenceGrants) {
        const services = grant.to.filter(
          t => t.group === '' && t.kind === 'Service',
        );
        if (services.length === 0) continue;
        grant.from.forEach((from, k) => {
          if (from.group !== GATEWAY_API_GROUP || from.kind !== 'HTTPRoute')
            return;
          const used = (cluster.namespaces.get(from.namespace)?.routes ?? [])
            .filter(isHTTPRoute)
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
            message: `ReferenceGrant ${grant.namespace}/${grant.name}: no HTTPRoute in namespace ${from.namespace} references a Service it grants`,
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
 * A Gateway whose GatewayClass does not exist or was not Accepted by its controller: no
 * controller programs it (KIA1504).
 * @public
 */
export const gatewayClassMissingRule: Rule = {
  id: 'gateway-class-missing',
  defaultSeverity: 'high',
  title: 'GatewayClass missing or not accepted',
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

/**
 * Two listeners of one Gateway with the same port, protocol and hostname: Gateway API marks
 * them Conflicted and one of them serves nothing (KIA1503). ListenerSets are not read.
 * @public
 */
export const gatewayListenerConflictRule: Rule = {
  id: 'gateway-listener-conflict',
  defaultSeverity: 'medium',
  title: 'Listeners claim the same port, protocol and hostname',
  description:
    'Two listeners of one Gateway have the same port, protocol and hostname, which Gateway API requires to be distinct: the implementation marks them Conflicted and routes attached to them may not be served.',
  remediation:
    'Give each listener a distinct hostname (or port), or merge the two listeners into one.',
  anchor: `${GATEWAY_API_SPEC}#listener`,
  kiali: 'KIA1503',
  check(cluster) {
    const drafts: FindingDraft[] = [];
    for (const bucket of cluster.namespaces.values()) {
      for (const gateway of bucket.gateways.values()) {
        const first = new Map<string, string>();
        gateway.listeners.forEach((listener, j) => {
          const key = `${listener.port}/${listener.protocol}/${
            listener.hostname ?? '*'
          }`;
          const earlier = first.get(key);
          if (earlier === undefined) {
            first.set(key, listener.name);
            return;
          }
          drafts.push({
            message: `Gateway ${gateway.namespace}/${
              gateway.name
            }: listeners ${earlier} and ${listener.name} both claim port ${
              listener.port
            }, ${listener.protocol}, hostname ${listener.hostname ?? '*'}`,
            object: refOf(cluster.name, gateway),
            field: `spec.listeners[${j}]`,
          });
        });
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
  return `${match.method ? `${match.method} ` : ''}${match.path.type} ${
    match.path.value
  }${match.headers.length > 0 ? ' with headers' : ''}`;
}

/** Gateway API precedence among conflicting routes: the oldest, then by namespace/name. */
function precedes(a: SlimHTTPRoute, b: SlimHTTPRoute): boolean {
  const at = a.creationTimestamp ?? '';
  const bt = b.creationTimestamp ?? '';
  if (at !== bt) return at !== '' && (bt === '' || at < bt);
  return `${a.namespace}/${a.name}` < `${b.namespace}/${b.name}`;
}

/**
 * Two HTTPRoutes claiming the same hostname and match on the same parent (Gateway and
 * listener): Gateway API gives the match to the oldest route, so the other's rule never
 * receives that traffic (KIA1106).
 * @public
 */
export const routeConflictRule: Rule = {
  id: 'route-conflict',
  defaultSeverity: 'medium',
  title: 'Routes claim the same hostname and path',
  description:
    "Two HTTPRoutes attached to the same Gateway listener claim the same hostname and match (path, method, headers, query): Gateway API gives the traffic to the oldest route, so the other route's rule is dead.",
  remediation:
    'Give one of the routes another hostname or path, or merge their rules into one route.',
  anchor: 'https://gateway-api.sigs.k8s.io/api-types/httproute/#merging',
  kiali: 'KIA1106',
  check(cluster) {
    const claims = new Map<
      string,
      { route: SlimHTTPRoute; field: string; text: string; host: string }
    >();
    const drafts: FindingDraft[] = [];
    const claimants: Array<{
      key: string;
      route: SlimHTTPRoute;
      field: string;
      text: string;
      host: string;
      parent: string;
    }> = [];
    for (const route of routesOf(cluster)) {
      const hosts = route.hostnames.length > 0 ? route.hostnames : ['*'];
      for (const parent of parentsOf(cluster, route)) {
        if (!isGatewayRef(parent.parentRef)) continue;
        const p = parent.parentRef;
        const parentKey = `${p.namespace}/${p.name}#${p.sectionName ?? ''}:${
          p.port ?? ''
        }`;
        route.rules.forEach((rule, i) => {
          rule.matches.forEach((match, k) => {
            for (const host of hosts) {
              claimants.push({
                key: `${parentKey}|${host.toLowerCase()}|${matchKey(match)}`,
                route,
                field: `spec.rules[${i}].matches[${k}]`,
                text: describeMatch(match),
                host,
                parent: `${p.namespace}/${p.name}`,
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
      const id = `${claim.route.namespace}/${claim.route.name}|${claim.field}|${claim.host}`;
      if (reported.has(id)) continue;
      reported.add(id);
      drafts.push({
        message: `HTTPRoute ${claim.route.namespace}/${claim.route.name}: ${claim.text} for host ${claim.host} on Gateway ${claim.parent} is already claimed by HTTPRoute ${winner.route.namespace}/${winner.route.name}`,
        object: refOf(cluster.name, claim.route),
        field: claim.field,
        relatedObjects: [refOf(cluster.name, winner.route)],
      });
    }
    return drafts;
  },
};
