// Which listeners of a Gateway admit a route, judged from the specs alone (as the Gateway API
// spec defines attachment), so that a route that can never attach is found whether or not a
// controller has written status.
import { GATEWAY_API_GROUP } from '../slim/gateway';
import type { SlimListener, SlimParentRef } from '../types';
import { matchesLabelSelector } from './selectors';

/**
 * Whether a listener hostname and a route hostname intersect (Gateway API: a `*.` prefix is a
 * suffix match on one or more labels; `*.example.com` does not match `example.com`).
 * @public
 */
export function hostnamesIntersect(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  const suffix = (h: string) => h.slice(1); // `*.example.com` -> `.example.com`
  if (x.startsWith('*.') && y.startsWith('*.'))
    return suffix(x).endsWith(suffix(y)) || suffix(y).endsWith(suffix(x));
  if (x.startsWith('*.')) return y.endsWith(suffix(x));
  if (y.startsWith('*.')) return x.endsWith(suffix(y));
  return false;
}

/**
 * Whether a listener lets routes of `routeNamespace` attach. For `Selector`, the route
 * namespace's labels decide; undefined when they are not known (`namespaceLabels` not given,
 * or without that namespace).
 * @public
 */
export function listenerAdmitsNamespace(
  listener: SlimListener,
  gatewayNamespace: string,
  routeNamespace: string,
  namespaceLabels?: ReadonlyMap<string, Readonly<Record<string, string>>>,
): boolean | undefined {
  if (listener.allowedRoutesFrom === 'All') return true;
  if (listener.allowedRoutesFrom === 'Same')
    return gatewayNamespace === routeNamespace;
  const labels = namespaceLabels?.get(routeNamespace);
  // A `Selector` listener without a selector is invalid: its controller decides.
  if (!labels || !listener.allowedRoutesSelector) return undefined;
  return matchesLabelSelector(listener.allowedRoutesSelector, labels);
}

// Gateway API: without `allowedRoutes.kinds`, a listener admits the route kinds of its protocol.
const KINDS_BY_PROTOCOL: Record<string, string[]> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

/**
 * Whether a listener admits routes of a kind (`allowedRoutes.kinds`, else its protocol's).
 * @public
 */
export function listenerAdmitsKind(
  listener: SlimListener,
  kind: string,
  group = GATEWAY_API_GROUP,
): boolean {
  if (listener.allowedRoutesKinds && listener.allowedRoutesKinds.length > 0)
    return listener.allowedRoutesKinds.some(
      k => k.kind === kind && k.group === group,
    );
  return (KINDS_BY_PROTOCOL[listener.protocol] ?? []).includes(kind);
}

/**
 * Why one listener does or does not admit a route through one parentRef: the first condition
 * it fails, or `admitted` (`unknown` when only a namespace selector could decide and the
 * namespaces' labels are not known).
 * @public
 */
export type ListenerAdmission =
  | 'admitted'
  | 'unknown'
  | 'section-name'
  | 'port'
  | 'kind'
  | 'hostname'
  | 'namespace';

/**
 * Judges one listener against a route's parentRef: sectionName, port, route kind, hostname
 * intersection and allowed namespaces, in that order.
 * @public
 */
export function listenerAdmission(
  listener: SlimListener,
  gatewayNamespace: string,
  parentRef: SlimParentRef,
  route: { kind: string; namespace: string; hostnames: readonly string[] },
  namespaceLabels?: ReadonlyMap<string, Readonly<Record<string, string>>>,
): ListenerAdmission {
  if (parentRef.sectionName && listener.name !== parentRef.sectionName)
    return 'section-name';
  if (parentRef.port && listener.port !== parentRef.port) return 'port';
  if (!listenerAdmitsKind(listener, route.kind)) return 'kind';
  if (
    listener.hostname &&
    route.hostnames.length > 0 &&
    !route.hostnames.some(h => hostnamesIntersect(listener.hostname!, h))
  )
    return 'hostname';
  const namespace = listenerAdmitsNamespace(
    listener,
    gatewayNamespace,
    route.namespace,
    namespaceLabels,
  );
  if (namespace === false) return 'namespace';
  return namespace === undefined ? 'unknown' : 'admitted';
}
