// Object checks of Cilium policies: a policy that selects nothing, and every route's hop
// chain (gateway -> gateway's Dapr Shared -> app's Dapr Shared -> app) judged against the
// policies selecting each end. Builds on the route analysis (hops) and the policy index.
import { analyseCluster } from '../../model/analysis';
import type { HopPeer, HopRequest } from '../../model/hopPolicies';
import { judgeHop } from '../../model/hopPolicies';
import { ciliumIdentityLabels } from '../../model/policies';
import type { AppRef, RouteView } from '../../model/routeTypes';
import { localAppKey } from '../../model/snapshot';
import type { GroupedCluster } from '../../model/snapshotTypes';
import { refOf } from '../../refs';
import type { ObjectRef, SlimCiliumPolicy } from '../../types';
import type { FindingDraft, Rule } from '../types';
import { absenceKnown, named, observed } from './common';

const CILIUM_DOCS = 'https://docs.cilium.io/en/stable/security/policy/';

/** daprd's internal gRPC port: where one daprd invokes another. */
const DAPRD_INTERNAL_PORT = 50002;

/** Pod labels as Cilium sees them: a sidecar app's include what the Dapr injector adds. */
function podLabelsByWorkload(
  cluster: GroupedCluster,
): Map<string, Record<string, string>> {
  const labels = new Map<string, Record<string, string>>();
  for (const members of cluster.apps.values())
    for (const sidecar of members.sidecars)
      labels.set(
        `${sidecar.namespace}/${sidecar.ref.kind}/${sidecar.ref.name}`,
        sidecar.podLabels,
      );
  return labels;
}

/**
 * A CiliumNetworkPolicy whose endpoint selectors select no pod template in its namespace: it
 * protects nothing, usually because of a typo in a label (KIA0004).
 * @public
 */
export const ciliumPolicySelectsNothingRule: Rule = {
  id: 'cilium-policy-selects-nothing',
  defaultSeverity: 'low',
  title: 'Network policy selects no workload',
  description:
    "A CiliumNetworkPolicy's endpointSelector matches the pod template of no Deployment, DaemonSet or StatefulSet in its namespace: the policy restricts nothing, often because a label is misspelt.",
  remediation:
    'Fix `spec.endpointSelector` to the labels of the pods it is meant for (e.g. `dapr.io/app-id: <app-id>`), or delete the policy.',
  anchor: `${CILIUM_DOCS}language/#endpoint-selector`,
  kiali: 'KIA0004',
  check(cluster) {
    if (!absenceKnown(cluster, 'Deployment', 'DaemonSet', 'StatefulSet'))
      return [];
    const injected = podLabelsByWorkload(cluster);
    // Each workload asks its namespace's policy index which policies select it, so the cost
    // is linear in workloads, not workloads times policies (at 100 of each per namespace, the
    // pairwise test took 1.7 s for 5,000 apps).
    const selected = new Set<SlimCiliumPolicy>();
    for (const bucket of cluster.namespaces.values()) {
      for (const w of bucket.workloads) {
        const identity = ciliumIdentityLabels(
          injected.get(`${w.namespace}/${w.kind}/${w.name}`) ?? w.podLabels,
          w.namespace,
          w.serviceAccountName,
        );
        for (const { policy } of bucket.policies.selecting(identity))
          selected.add(policy);
      }
    }
    const drafts: FindingDraft[] = [];
    for (const policy of cluster.objects.CiliumNetworkPolicy ?? []) {
      const namespace = policy.namespace ?? '';
      if (!policy.specs.some(s => s.nodeSelector === undefined)) continue;
      if (selected.has(policy)) continue;
      drafts.push({
        message: `CiliumNetworkPolicy ${namespace}/${policy.name} selects no workload in namespace ${namespace}`,
        object: refOf(cluster.name, policy),
        field:
          policy.specs.length === 1
            ? 'spec.endpointSelector'
            : 'specs[*].endpointSelector',
      });
    }
    return drafts;
  },
};

interface End {
  peer: HopPeer;
  ref?: ObjectRef;
  label: string;
  /** A daprd sidecar reaches its app over localhost, which no policy governs. */
  sidecar?: boolean;
}

function daprdEnds(cluster: GroupedCluster, app: AppRef): End[] {
  const members = cluster.apps.get(localAppKey(app.namespace, app.appId));
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
    label: `daprd of ${app.appId} (${named(i.ref)})`,
    sidecar: i.sidecar,
  }));
}

function appEnds(cluster: GroupedCluster, app: AppRef): End[] {
  const members = cluster.apps.get(localAppKey(app.namespace, app.appId));
  return (members?.appWorkloads ?? [])
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
      label: `app ${app.appId} (${named(w.ref)})`,
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
  const members = cluster.apps.get(localAppKey(app.namespace, app.appId));
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

function gatewayRequest(route: RouteView): HopRequest {
  const match = route.matches[0];
  const request: HopRequest = {};
  if (match?.method) request.method = match.method;
  if (route.invoke?.by === 'url-rewrite') request.path = route.invoke.value;
  else if (match) request.path = match.path.value;
  return request;
}

interface Hop {
  name: string;
  from: End;
  to: End[];
  port: number | undefined;
  request?: HopRequest;
}

function hopsOf(cluster: GroupedCluster, route: RouteView): Hop[] {
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
      from: gateway,
      to: via,
      port: backendPort,
      request: gatewayRequest(route),
    });
    for (const from of via)
      hops.push({
        name: 'gateway daprd → app daprd',
        from,
        to: target,
        port: DAPRD_INTERNAL_PORT,
      });
  } else {
    hops.push({
      name: 'gateway → app daprd',
      from: gateway,
      to: target,
      port: backendPort,
      request: gatewayRequest(route),
    });
  }
  const port = appPort(cluster, route.target);
  for (const from of target.filter(t => !t.sidecar && app.length > 0))
    hops.push({ name: 'app daprd → app', from, to: app, port });
  return hops;
}

/**
 * A hop of a route that Cilium's policies block: the destination's ingress (default deny once
 * a policy governs it, a deny rule, or the L7 rules of the gateway hop) or the source's egress
 * do not admit the source's identity on the destination port.
 * @public
 */
export const routeHopBlockedRule: Rule = {
  id: 'route-hop-blocked',
  defaultSeverity: 'high',
  title: 'Route hop blocked by a network policy',
  description:
    "Following a route from the Gateway through the gateway's Dapr Shared and the app's Dapr Shared to the app, one hop is not allowed by the Cilium policies selecting its ends: once a policy governs an endpoint's ingress (or egress), Cilium denies what no rule allows, on L3 (peers), L4 (ports) and, where given, L7 (HTTP).",
  remediation:
    'Allow the hop in the named policy: an ingress rule from the source (`fromEndpoints`, or `fromEntities: [ingress]` for the Gateway) with `toPorts` for the port, or the matching egress rule at the source.',
  anchor: `${CILIUM_DOCS}intro/#policy-enforcement-modes`,
  check(cluster) {
    if (
      !observed(
        cluster,
        'CiliumNetworkPolicy',
        'CiliumClusterwideNetworkPolicy',
      )
    )
      return [];
    const drafts: FindingDraft[] = [];
    const seen = new Set<string>();
    for (const routes of analyseCluster(cluster).routes.values()) {
      for (const route of routes) {
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
            const policies = verdict.policies.map(p => refOf(cluster.name, p));
            const key = `${route.id}|${hop.from.label}|${to.label}|${hop.port}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const end = verdict.direction === 'ingress' ? to : hop.from;
            const why = {
              'deny-rule': 'denies it',
              l7: 'allows the port but not the request (L7)',
              'default-deny': `puts ${end.label} in default deny for ${verdict.direction} and allows no such traffic`,
            }[verdict.reason];
            drafts.push({
              message: `HTTPRoute ${route.namespace}/${route.name}: hop ${
                hop.name
              } (${hop.from.label} → ${to.label}, port ${
                hop.port
              }) is blocked: ${policies.map(named).join(', ')} ${why}`,
              object: route.ref,
              appId: route.target.appId,
              field: `spec.rules[${route.ruleIndex}].backendRefs[${route.backendRefIndex}]`,
              relatedObjects: [
                ...policies,
                ...(hop.from.ref ? [hop.from.ref] : []),
                ...(to.ref ? [to.ref] : []),
              ],
              remediation: `Allow ${verdict.direction} ${
                verdict.direction === 'ingress'
                  ? `from ${hop.from.label}`
                  : `to ${to.label}`
              } on port ${hop.port} in ${policies.map(named).join(' or ')}.`,
            });
          }
        }
      }
    }
    return drafts;
  },
};
