// A route's hop chain as Cilium sees it: gateway -> gateway's Dapr Shared -> app's Dapr Shared
// -> app, each hop judged against the policies selecting its ends (./hopPolicies). The route's
// hops (./routeHops) show what is blocked, and the `route-hop-blocked` rule reports it: one
// evaluation, two readers.
import { refOf } from '../refs';
import type { ObjectRef } from '../types';
import type { HopPeer, HopRequest } from './hopPolicies';
import { judgeHop } from './hopPolicies';
import type { AppRef, HopBlock, RouteHop, RouteView } from './routeTypes';
import type { GroupedCluster } from './snapshotTypes';

/** daprd's internal gRPC port: where one daprd invokes another. */
const DAPRD_INTERNAL_PORT = 50002;

const UNOBSERVED = new Set(['forbidden', 'error', 'syncing']);

interface End {
  peer: HopPeer;
  ref?: ObjectRef;
  label: string;
  /** A daprd sidecar reaches its app over localhost, which no policy governs. */
  sidecar?: boolean;
}

/** `Kind namespace/name`, or `Kind name` for cluster-scoped objects. */
export function objectName(ref: ObjectRef): string {
  return ref.namespace === undefined
    ? `${ref.kind} ${ref.name}`
    : `${ref.kind} ${ref.namespace}/${ref.name}`;
}

function membersOf(cluster: GroupedCluster, app: AppRef) {
  return cluster.apps.get(`${app.namespace}/${app.appId}`);
}

function daprdEnds(cluster: GroupedCluster, app: AppRef): End[] {
  const members = membersOf(cluster, app);
  const instances = [
    ...(members?.daprShared ?? []).map(i => ({ ...i, sidecar: false })),
    ...(members?.sidecars ?? []).map(i => ({ ...i, sidecar: true })),
  ];
  return instances.map(i => ({
    peer: {
      kind: 'pod' as const,
      namespace: i.namespace,
      podLabels: i.podLabels,
      ...(i.serviceAccountName
        ? { serviceAccountName: i.serviceAccountName }
        : {}),
    },
    ref: i.ref,
    label: `daprd of ${app.appId} (${objectName(i.ref)})`,
    sidecar: i.sidecar,
  }));
}

function appEnds(cluster: GroupedCluster, app: AppRef): End[] {
  return (membersOf(cluster, app)?.appWorkloads ?? [])
    .filter(w => w.linkedBy === 'app-channel')
    .map(w => ({
      peer: {
        kind: 'pod' as const,
        namespace: w.ref.namespace ?? '',
        podLabels: w.podLabels,
        ...(w.serviceAccountName
          ? { serviceAccountName: w.serviceAccountName }
          : {}),
      },
      ref: w.ref,
      label: `app ${app.appId} (${objectName(w.ref)})`,
    }));
}

/** The pod port a Service port leads to: a numeric targetPort, else the port itself. */
function podPort(
  cluster: GroupedCluster,
  namespace: string,
  serviceName: string,
  port: number | undefined,
): number | undefined {
  const service = cluster.namespaces.get(namespace)?.services.get(serviceName);
  const servicePort = service?.ports.find(
    p => port === undefined || p.port === port,
  );
  if (!servicePort) return port;
  return typeof servicePort.targetPort === 'number'
    ? servicePort.targetPort
    : servicePort.port;
}

/** The port the target's daprd calls its app on (Dapr Shared: through the app channel Service). */
function appPort(cluster: GroupedCluster, app: AppRef): number | undefined {
  const members = membersOf(cluster, app);
  const instance = members?.daprShared.find(i => i.appPort !== undefined);
  if (!instance?.appPort) return undefined;
  const service = members?.appWorkloads.find(w => w.service)?.service;
  if (!service) return instance.appPort;
  return podPort(
    cluster,
    service.namespace ?? '',
    service.name,
    instance.appPort,
  );
}

type RouteOfHops = Omit<RouteView, 'hops'>;

function gatewayRequest(route: RouteOfHops): HopRequest {
  const match = route.matches[0];
  const request: HopRequest = {};
  if (match?.method) request.method = match.method;
  if (route.invoke?.by === 'url-rewrite') request.path = route.invoke.value;
  else if (match) request.path = match.path.value;
  return request;
}

interface Hop {
  name: string;
  /** The route hop (./routeHops) this hop enters. */
  role: RouteHop['role'];
  from: End;
  to: End[];
  port: number | undefined;
  request?: HopRequest;
}

function hopsOf(cluster: GroupedCluster, route: RouteOfHops): Hop[] {
  const gateway: End = { peer: { kind: 'ingress' }, label: 'the Gateway' };
  const backendPort = podPort(
    cluster,
    route.backend.namespace,
    route.backend.name,
    route.backend.port,
  );
  const target = daprdEnds(cluster, route.target);
  const app = appEnds(cluster, route.target);
  const hops: Hop[] = [];
  if (route.mode === 'bypass') {
    hops.push({
      name: 'gateway → app',
      role: 'app',
      from: gateway,
      to: app,
      port: backendPort,
      request: gatewayRequest(route),
    });
    return hops;
  }
  if (route.mode === 'via-dapr' && route.via) {
    const via = daprdEnds(cluster, route.via);
    hops.push({
      name: 'gateway → gateway daprd',
      role: 'via-dapr',
      from: gateway,
      to: via,
      port: backendPort,
      request: gatewayRequest(route),
    });
    for (const from of via)
      hops.push({
        name: 'gateway daprd → app daprd',
        role: 'target-dapr',
        from,
        to: target,
        port: DAPRD_INTERNAL_PORT,
      });
  } else {
    hops.push({
      name: 'gateway → app daprd',
      role: 'target-dapr',
      from: gateway,
      to: target,
      port: backendPort,
      request: gatewayRequest(route),
    });
  }
  const port = appPort(cluster, route.target);
  for (const from of target.filter(t => !t.sidecar && app.length > 0))
    hops.push({ name: 'app daprd → app', role: 'app', from, to: app, port });
  return hops;
}

/**
 * The hops of a route that Cilium's policies block, each with the route hop it enters: the
 * destination's ingress (default deny once a policy governs it, a deny rule, or the L7 rules of
 * the gateway hop) or the source's egress do not admit the source's identity on the
 * destination port. Empty when the cluster's policies could not be read.
 * @public
 */
export function blockedHops(
  cluster: GroupedCluster,
  route: RouteOfHops,
): Array<HopBlock & { role: RouteHop['role'] }> {
  const kinds = cluster.state?.kinds;
  if (
    UNOBSERVED.has(kinds?.CiliumNetworkPolicy?.status ?? '') ||
    UNOBSERVED.has(kinds?.CiliumClusterwideNetworkPolicy?.status ?? '')
  )
    return [];
  const blocks: Array<HopBlock & { role: RouteHop['role'] }> = [];
  const seen = new Set<string>();
  for (const hop of hopsOf(cluster, route)) {
    if (hop.port === undefined) continue;
    for (const to of hop.to) {
      const verdict = judgeHop(
        cluster,
        hop.from.peer,
        to.peer,
        hop.port,
        hop.request,
      );
      if (verdict.allowed) continue;
      const key = `${hop.from.label}|${to.label}|${hop.port}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const block: HopBlock & { role: RouteHop['role'] } = {
        role: hop.role,
        hop: hop.name,
        from: hop.from.label,
        to: to.label,
        port: hop.port,
        direction: verdict.direction,
        reason: verdict.reason,
        policies: verdict.policies.map(p => refOf(cluster.name, p)),
      };
      if (hop.from.ref) block.fromRef = hop.from.ref;
      if (to.ref) block.toRef = to.ref;
      blocks.push(block);
    }
  }
  return blocks;
}

/** What a block says, in the words of a hop's reason and a finding's message. */
export function describeHopBlock(block: HopBlock): string {
  const policies = block.policies.map(objectName).join(', ');
  const end = block.direction === 'ingress' ? block.to : block.from;
  const why = {
    'deny-rule': 'denies it',
    l7: 'allows the port but not the request (L7)',
    'default-deny': `puts ${end} in default deny for ${block.direction} and allows no such traffic`,
  }[block.reason];
  return `hop ${block.hop} (${block.from} → ${block.to}, port ${block.port}) is blocked: ${policies} ${why}`;
}
