import { isSensitiveName, SECRET_MASK } from '../sensitive';
import type {
  ConditionStatus,
  RawKubernetesObject,
  SlimBackendRef,
  SlimGateway,
  SlimGatewayClass,
  SlimHeader,
  SlimBackendTLSPolicy,
  SlimHTTPRoute,
  SlimListener,
  SlimListenerSet,
  SlimOtherRoute,
  SlimParentRef,
  SlimPathModifier,
  SlimReferenceGrant,
  SlimRouteFilter,
  SlimRouteMatch,
  SlimRouteRule,
} from '../types';
import type { RouteKindName } from '../kinds';
import {
  arr,
  defined,
  list,
  num,
  obj,
  objs,
  shared,
  sharedStr,
  slimConditions,
  slimLabelSelector,
  slimMeta,
  str,
  strs,
} from './read';
import type { Json } from './read';

/**
 * The Gateway API group, the default `group` of parentRefs.
 * @public
 */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

function namespaceOf(raw: RawKubernetesObject): string {
  return sharedStr(obj(raw.metadata)?.namespace) ?? '';
}

/**
 * Slims a GatewayClass.
 * @public
 */
export function slimGatewayClass(raw: RawKubernetesObject): SlimGatewayClass {
  const spec = obj(raw.spec) ?? {};
  const status = obj(raw.status) ?? {};
  const conditions = slimConditions(status.conditions);
  // Gateway API v1.2 turned supportedFeatures from strings into `{name}` objects: read both.
  const supportedFeatures = arr(status.supportedFeatures)
    .map(f => str(f) ?? str(obj(f)?.name))
    .filter((f): f is string => f !== undefined);
  const accepted: ConditionStatus =
    conditions.find(c => c.type === 'Accepted')?.status ?? 'Unknown';
  return defined({
    ...slimMeta(raw, false),
    kind: 'GatewayClass' as const,
    controllerName: str(spec.controllerName) ?? '',
    description: str(spec.description),
    accepted,
    conditions,
    supportedFeatures,
  });
}

function slimListener(raw: Json): SlimListener {
  const allowedRoutes = obj(raw.allowedRoutes);
  const namespaces = obj(allowedRoutes?.namespaces);
  const from = str(namespaces?.from);
  const kinds = objs(allowedRoutes?.kinds).map(k => ({
    group: str(k.group) ?? GATEWAY_API_GROUP,
    kind: str(k.kind) ?? '',
  }));
  return defined({
    name: str(raw.name) ?? '',
    port: num(raw.port) ?? 0,
    protocol: str(raw.protocol) ?? '',
    hostname: str(raw.hostname),
    // Gateway API default: only routes in the Gateway's own namespace may attach.
    allowedRoutesFrom: from === 'All' || from === 'Selector' ? from : 'Same',
    allowedRoutesSelector:
      from === 'Selector' ? slimLabelSelector(namespaces?.selector) : undefined,
    allowedRoutesKinds: kinds.length > 0 ? kinds : undefined,
    tlsMode: obj(raw.tls) ? str(obj(raw.tls)?.mode) ?? 'Terminate' : undefined,
  });
}

/**
 * Slims a Gateway. TLS certificate references are not kept.
 * @public
 */
export function slimGateway(raw: RawKubernetesObject): SlimGateway {
  const spec = obj(raw.spec) ?? {};
  const status = obj(raw.status) ?? {};
  const statusAddresses = objs(status.addresses);
  const addresses = (
    statusAddresses.length > 0 ? statusAddresses : objs(spec.addresses)
  )
    .filter(a => typeof a.value === 'string')
    .map(a => defined({ type: str(a.type), value: shared(a.value as string) }));
  return {
    ...slimMeta(raw, true),
    namespace: namespaceOf(raw),
    kind: 'Gateway',
    gatewayClassName: str(spec.gatewayClassName) ?? '',
    listeners: objs(spec.listeners).map(slimListener),
    addresses,
    conditions: slimConditions(status.conditions),
    listenerStatus: objs(status.listeners).map(l => ({
      name: str(l.name) ?? '',
      attachedRoutes: num(l.attachedRoutes) ?? 0,
      conditions: slimConditions(l.conditions),
    })),
  };
}

/**
 * Reads a parentRef with Gateway API defaults (group gateway.networking.k8s.io, kind Gateway).
 * @public
 */
export function slimParentRef(raw: Record<string, unknown>): SlimParentRef {
  return defined({
    group: sharedStr(raw.group) ?? GATEWAY_API_GROUP,
    kind: sharedStr(raw.kind) ?? 'Gateway',
    name: sharedStr(raw.name) ?? '',
    namespace: sharedStr(raw.namespace) || undefined,
    sectionName: sharedStr(raw.sectionName) || undefined,
    port: num(raw.port),
  });
}

function slimBackendRef(raw: Json): SlimBackendRef {
  return defined({
    group: sharedStr(raw.group) ?? '',
    kind: sharedStr(raw.kind) ?? 'Service',
    name: sharedStr(raw.name) ?? '',
    namespace: sharedStr(raw.namespace) || undefined,
    port: num(raw.port),
    weight: num(raw.weight),
  });
}

/**
 * Masks a header or query parameter value by its name (`Authorization`, `api_key`); `str` has
 * already masked a value that carries a credential whatever its name. An empty value is kept.
 */
function maskByName(name: string, value: string): string {
  return value !== '' && isSensitiveName(name) ? SECRET_MASK : value;
}

function slimHeaders(raw: unknown): SlimHeader[] {
  return list(
    objs(raw)
      .filter(h => typeof h.name === 'string')
      .map(h => ({
        name: shared(h.name as string),
        value: maskByName(h.name as string, str(h.value) ?? ''),
      })),
  );
}

function slimHeaderModifier(raw: unknown) {
  const modifier = obj(raw);
  if (!modifier) return undefined;
  return {
    set: slimHeaders(modifier.set),
    add: slimHeaders(modifier.add),
    remove: strs(modifier.remove),
  };
}

function slimPathModifier(raw: unknown): SlimPathModifier | undefined {
  const path = obj(raw);
  if (!path) return undefined;
  return defined({
    type: sharedStr(path.type) ?? '',
    replacePrefixMatch: sharedStr(path.replacePrefixMatch),
    replaceFullPath: sharedStr(path.replaceFullPath),
  });
}

function slimFilter(raw: Json): SlimRouteFilter {
  const urlRewrite = obj(raw.urlRewrite);
  const redirect = obj(raw.requestRedirect);
  const mirror = obj(raw.requestMirror);
  const extension = obj(raw.extensionRef);
  return defined({
    type: sharedStr(raw.type) ?? '',
    urlRewrite: urlRewrite
      ? defined({
          hostname: str(urlRewrite.hostname),
          path: slimPathModifier(urlRewrite.path),
        })
      : undefined,
    requestHeaderModifier: slimHeaderModifier(raw.requestHeaderModifier),
    responseHeaderModifier: slimHeaderModifier(raw.responseHeaderModifier),
    requestRedirect: redirect
      ? defined({
          scheme: str(redirect.scheme),
          hostname: str(redirect.hostname),
          port: num(redirect.port),
          statusCode: num(redirect.statusCode),
          path: slimPathModifier(redirect.path),
        })
      : undefined,
    requestMirror:
      mirror && obj(mirror.backendRef)
        ? { backendRef: slimBackendRef(obj(mirror.backendRef) as Json) }
        : undefined,
    extensionRef: extension
      ? {
          group: str(extension.group) ?? '',
          kind: str(extension.kind) ?? '',
          name: str(extension.name) ?? '',
        }
      : undefined,
  });
}

function slimMatch(raw: Json): SlimRouteMatch {
  const path = obj(raw.path);
  return defined({
    // Gateway API defaults: a match without a path is `PathPrefix /`.
    path: {
      type: sharedStr(path?.type) ?? 'PathPrefix',
      value: sharedStr(path?.value) ?? '/',
    },
    headers: slimHeaderMatches(raw.headers),
    queryParams: list(
      objs(raw.queryParams)
        .filter(q => typeof q.name === 'string')
        .map(q => ({
          name: shared(q.name as string),
          type: sharedStr(q.type) ?? 'Exact',
          value: maskByName(q.name as string, str(q.value) ?? ''),
        })),
    ),
    method: sharedStr(raw.method),
  });
}

function slimHeaderMatches(raw: unknown): SlimRouteMatch['headers'] {
  return list(
    objs(raw)
      .filter(h => typeof h.name === 'string')
      .map(h => ({
        name: shared(h.name as string),
        type: sharedStr(h.type) ?? 'Exact',
        value: maskByName(h.name as string, str(h.value) ?? ''),
      })),
  );
}

/**
 * A GRPCRoute match (Gateway API v1 `GRPCRouteMatch`): the method match is kept, and also as
 * the HTTP/2 `:path` a gRPC call carries (`/<service>/<method>`, per the gRPC over HTTP/2
 * protocol), so that the hops and the card read one shape. Gateway API default: `Exact`.
 */
function slimGrpcMatch(raw: Json): SlimRouteMatch {
  const method = obj(raw.method);
  const type = sharedStr(method?.type) ?? 'Exact';
  const service = sharedStr(method?.service);
  const name = sharedStr(method?.method);
  let path: SlimRouteMatch['path'] = { type: 'PathPrefix', value: '/' };
  if (type === 'Exact' && service && name)
    path = { type: 'Exact', value: `/${service}/${name}` };
  else if (type === 'Exact' && service)
    path = { type: 'PathPrefix', value: `/${service}/` };
  else if (service || name)
    path = {
      type: 'RegularExpression',
      value: `/${service ?? '[^/]+'}/${name ?? '[^/]+'}`,
    };
  return defined({
    path,
    headers: slimHeaderMatches(raw.headers),
    queryParams: [],
    grpcMethod: method ? defined({ type, service, method: name }) : undefined,
  });
}

function slimBackendRefs(raw: unknown): SlimRouteRule['backendRefs'] {
  return list(
    objs(raw).map(b => ({
      ...slimBackendRef(b),
      filters: list(objs(b.filters).map(slimFilter)),
    })),
  );
}

function slimRule(raw: Json): SlimRouteRule {
  const matches = objs(raw.matches).map(slimMatch);
  return defined({
    name: str(raw.name),
    // Gateway API default: a rule without matches matches every request (`PathPrefix /`).
    matches: matches.length > 0 ? matches : [slimMatch({})],
    filters: list(objs(raw.filters).map(slimFilter)),
    backendRefs: slimBackendRefs(raw.backendRefs),
  });
}

function slimGrpcRule(raw: Json): SlimRouteRule {
  const matches = objs(raw.matches).map(slimGrpcMatch);
  return defined({
    name: str(raw.name),
    // Gateway API default: a GRPCRoute rule without matches matches every call.
    matches: matches.length > 0 ? matches : [slimGrpcMatch({})],
    filters: list(objs(raw.filters).map(slimFilter)),
    backendRefs: slimBackendRefs(raw.backendRefs),
  });
}

/** TLSRoute, TCPRoute and UDPRoute rules: a name and backendRefs, nothing to match or filter. */
function slimL4Rule(raw: Json): SlimRouteRule {
  return defined({
    name: str(raw.name),
    matches: [],
    filters: [],
    backendRefs: slimBackendRefs(raw.backendRefs),
  });
}

function slimRouteOf<K extends RouteKindName>(
  kind: K,
  raw: RawKubernetesObject,
  slimRouteRule: (rule: Json) => SlimRouteRule,
) {
  const spec = obj(raw.spec) ?? {};
  const rules = objs(spec.rules);
  return {
    ...slimMeta(raw, true),
    namespace: namespaceOf(raw),
    kind,
    parentRefs: list(objs(spec.parentRefs).map(slimParentRef)),
    hostnames: strs(spec.hostnames),
    // Gateway API default: a route without rules has one rule matching everything.
    rules: (rules.length > 0 ? rules : [{}]).map(slimRouteRule),
    parents: list(
      objs(obj(raw.status)?.parents).map(p => ({
        parentRef: slimParentRef(obj(p.parentRef) ?? {}),
        controllerName: sharedStr(p.controllerName) ?? '',
        conditions: slimConditions(p.conditions),
      })),
    ),
  };
}

/**
 * Slims an HTTPRoute, applying Gateway API defaults to matches, parentRefs and backendRefs.
 * @public
 */
export function slimHTTPRoute(raw: RawKubernetesObject): SlimHTTPRoute {
  return slimRouteOf('HTTPRoute', raw, slimRule);
}

/**
 * Slims a GRPCRoute (Gateway API v1, `apis/v1/grpcroute_types.go`): method and header matches,
 * filters (a `RequestHeaderModifier` setting `dapr-app-id` is how a call through a Dapr Shared
 * names the app to invoke) and backendRefs.
 * @public
 */
export function slimGRPCRoute(raw: RawKubernetesObject): SlimOtherRoute {
  return slimRouteOf('GRPCRoute', raw, slimGrpcRule);
}

/**
 * Slims a TLSRoute, TCPRoute or UDPRoute (Gateway API v1.6 standard channel): parents,
 * hostnames (SNI, TLSRoute only) and backendRefs.
 * @public
 */
export function slimL4Route(
  kind: 'TLSRoute' | 'TCPRoute' | 'UDPRoute',
  raw: RawKubernetesObject,
): SlimOtherRoute {
  return slimRouteOf(kind, raw, slimL4Rule);
}

/**
 * Slims a ListenerSet (Gateway API v1.6, `apis/v1/listenerset_types.go`): its parent Gateway
 * and listeners. TLS certificate references are not kept.
 * @public
 */
export function slimListenerSet(raw: RawKubernetesObject): SlimListenerSet {
  const spec = obj(raw.spec) ?? {};
  const parent = obj(spec.parentRef) ?? {};
  return {
    ...slimMeta(raw, true),
    namespace: namespaceOf(raw),
    kind: 'ListenerSet',
    // ParentGatewayReference defaults: group gateway.networking.k8s.io, kind Gateway.
    parentRef: defined({
      group: sharedStr(parent.group) ?? GATEWAY_API_GROUP,
      kind: sharedStr(parent.kind) ?? 'Gateway',
      name: sharedStr(parent.name) ?? '',
      namespace: sharedStr(parent.namespace) || undefined,
    }),
    listeners: objs(spec.listeners).map(slimListener),
    conditions: slimConditions(obj(raw.status)?.conditions),
  };
}

/**
 * Slims a BackendTLSPolicy (Gateway API v1, `apis/v1/backendtlspolicy_types.go`): the Services
 * it targets, the hostname their certificates must carry, and its CA references by name.
 * @public
 */
export function slimBackendTLSPolicy(
  raw: RawKubernetesObject,
): SlimBackendTLSPolicy {
  const spec = obj(raw.spec) ?? {};
  const validation = obj(spec.validation) ?? {};
  return defined({
    ...slimMeta(raw, true),
    namespace: namespaceOf(raw),
    kind: 'BackendTLSPolicy' as const,
    targetRefs: objs(spec.targetRefs).map(t =>
      defined({
        group: sharedStr(t.group) ?? '',
        kind: sharedStr(t.kind) ?? 'Service',
        name: sharedStr(t.name) ?? '',
        sectionName: sharedStr(t.sectionName) || undefined,
      }),
    ),
    hostname: str(validation.hostname) ?? '',
    caCertificateRefs: objs(validation.caCertificateRefs)
      .filter(r => typeof r.name === 'string')
      .map(r => `${str(r.kind) ?? 'ConfigMap'}/${str(r.name)}`),
    wellKnownCACertificates: str(validation.wellKnownCACertificates),
    ancestors: objs(obj(raw.status)?.ancestors).map(a => ({
      ancestorRef: slimParentRef(obj(a.ancestorRef) ?? {}),
      conditions: slimConditions(a.conditions),
    })),
  });
}

/**
 * Slims a ReferenceGrant.
 * @public
 */
export function slimReferenceGrant(
  raw: RawKubernetesObject,
): SlimReferenceGrant {
  const spec = obj(raw.spec) ?? {};
  return {
    ...slimMeta(raw, true),
    namespace: namespaceOf(raw),
    kind: 'ReferenceGrant',
    from: objs(spec.from).map(f => ({
      group: str(f.group) ?? '',
      kind: str(f.kind) ?? '',
      namespace: str(f.namespace) ?? '',
    })),
    to: objs(spec.to).map(t =>
      defined({
        group: str(t.group) ?? '',
        kind: str(t.kind) ?? '',
        name: str(t.name) || undefined,
      }),
    ),
  };
}
