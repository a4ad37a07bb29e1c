// Whether Cilium's policies let one hop of a route through: the policies selecting the
// destination (ingress) and the source (egress), with Cilium's default deny once any policy
// governs a direction of an endpoint, L3 peers, L4 ports, deny rules and, where given, the L7
// HTTP rules of the allowing rule. Judged from the policies' specs, as Cilium enforces them.
import type {
  LabelSelector,
  SlimCiliumPeerRule,
  SlimCiliumPolicy,
  SlimCiliumPolicySpec,
} from '../types';
import {
  CILIUM_NAMESPACE_LABEL,
  ciliumIdentityLabels,
  matchesCiliumSelector,
  policyDirections,
  stripCiliumLabelSource,
} from './policies';
import type { GroupedCluster } from './snapshotTypes';

/**
 * One end of a hop as Cilium sees it: a pod identity, or the Gateway's Envoy (Cilium gives
 * traffic from its Gateway API and Ingress listeners the `reserved:ingress` identity).
 * @public
 */
export type HopPeer =
  | {
      kind: 'pod';
      namespace: string;
      podLabels: Readonly<Record<string, string>>;
      serviceAccountName?: string;
    }
  | { kind: 'ingress' };

/**
 * The L7 request a hop carries, when known (the gateway hop): checked against HTTP rules.
 * @public
 */
export interface HopRequest {
  method?: string;
  path?: string;
}

/**
 * Cilium's verdict on a hop: allowed, or blocked by the named policy in one direction (its
 * default deny, or a deny rule).
 * @public
 */
export type HopVerdict =
  | { allowed: true }
  | {
      allowed: false;
      direction: 'ingress' | 'egress';
      /** The policies putting the blocked end in default deny (or denying explicitly). */
      policies: SlimCiliumPolicy[];
      reason: 'default-deny' | 'deny-rule' | 'l7';
    };

function identityOf(peer: HopPeer): Record<string, string> {
  return peer.kind === 'ingress'
    ? { 'reserved:ingress': '' }
    : ciliumIdentityLabels(
        peer.podLabels,
        peer.namespace,
        peer.serviceAccountName,
      );
}

function mentionsNamespace(selector: LabelSelector): boolean {
  return (
    Object.keys(selector.matchLabels ?? {}).some(
      k => stripCiliumLabelSource(k) === CILIUM_NAMESPACE_LABEL,
    ) ||
    (selector.matchExpressions ?? []).some(
      r => stripCiliumLabelSource(r.key) === CILIUM_NAMESPACE_LABEL,
    )
  );
}

// `cluster` covers every identity of the local cluster, the Gateway's included.
const ENTITIES_FOR_INGRESS = new Set(['all', 'cluster', 'ingress']);
const ENTITIES_FOR_PODS = new Set(['all', 'cluster']);

function peerMatches(
  rule: SlimCiliumPeerRule,
  policy: SlimCiliumPolicy,
  peer: HopPeer,
): boolean {
  const hasPeers =
    rule.endpoints.length > 0 ||
    rule.entities.length > 0 ||
    rule.cidrs.length > 0 ||
    rule.fqdns.length > 0 ||
    rule.services.length > 0 ||
    rule.nodes.length > 0;
  // A rule with ports only (no peers) applies to every peer.
  if (!hasPeers) return true;
  const entities =
    peer.kind === 'ingress' ? ENTITIES_FOR_INGRESS : ENTITIES_FOR_PODS;
  if (rule.entities.some(e => entities.has(e))) return true;
  // `toServices` may name the destination's Service, which is not judged here: allow.
  if (rule.services.length > 0) return true;
  const identity = identityOf(peer);
  return rule.endpoints.some(selector => {
    // A namespaced policy's endpoint selectors select within its namespace unless they name one.
    if (
      policy.kind === 'CiliumNetworkPolicy' &&
      !mentionsNamespace(selector) &&
      identity[CILIUM_NAMESPACE_LABEL] !== policy.namespace
    )
      return false;
    return matchesCiliumSelector(selector, identity);
  });
}

/** Cilium's HTTP rules are anchored regular expressions; one JavaScript cannot read admits all. */
function matchesRegex(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return true;
  }
}

function portMatches(
  rule: SlimCiliumPeerRule,
  port: number,
  request: HopRequest | undefined,
): 'yes' | 'no' | 'l7-denied' {
  if (rule.toPorts.length === 0) return 'yes';
  let l7Denied = false;
  for (const portRule of rule.toPorts) {
    const matches = portRule.ports.some(p => {
      if (p.protocol && !['TCP', 'ANY'].includes(p.protocol.toUpperCase()))
        return false;
      const first = Number(p.port);
      // A named port or port 0 matches any port we cannot tell apart: allow rather than guess.
      if (!Number.isFinite(first) || first === 0) return true;
      return p.endPort ? port >= first && port <= p.endPort : port === first;
    });
    if (!matches && portRule.ports.length > 0) continue;
    if (portRule.http.length === 0 || !request) return 'yes';
    const admitted = portRule.http.some(
      h =>
        (!h.method ||
          !request.method ||
          matchesRegex(h.method, request.method)) &&
        (!h.path || !request.path || matchesRegex(h.path, request.path)),
    );
    if (admitted) return 'yes';
    l7Denied = true;
  }
  return l7Denied ? 'l7-denied' : 'no';
}

function governing(
  cluster: GroupedCluster,
  peer: HopPeer,
): Array<{ policy: SlimCiliumPolicy; specs: SlimCiliumPolicySpec[] }> {
  if (peer.kind !== 'pod') return [];
  const identity = identityOf(peer);
  return [
    ...(cluster.namespaces.get(peer.namespace)?.policies.selecting(identity) ??
      []),
    ...cluster.clusterwidePolicies.selecting(identity),
  ];
}

function judge(
  cluster: GroupedCluster,
  subject: HopPeer,
  other: HopPeer,
  direction: 'ingress' | 'egress',
  port: number,
  request: HopRequest | undefined,
): HopVerdict {
  const matches = governing(cluster, subject);
  const denying: SlimCiliumPolicy[] = [];
  const enforcing: SlimCiliumPolicy[] = [];
  let allowed = false;
  let l7Denied = false;
  for (const { policy, specs } of matches) {
    if (policyDirections(specs)[direction]) enforcing.push(policy);
    for (const spec of specs) {
      const denies =
        direction === 'ingress' ? spec.ingressDeny : spec.egressDeny;
      if (
        denies.some(
          r =>
            peerMatches(r, policy, other) &&
            portMatches(r, port, undefined) === 'yes',
        )
      )
        denying.push(policy);
      const rules = direction === 'ingress' ? spec.ingress : spec.egress;
      for (const rule of rules) {
        if (!peerMatches(rule, policy, other)) continue;
        const ports = portMatches(rule, port, request);
        if (ports === 'yes') allowed = true;
        else if (ports === 'l7-denied') l7Denied = true;
      }
    }
  }
  if (denying.length > 0)
    return {
      allowed: false,
      direction,
      policies: denying,
      reason: 'deny-rule',
    };
  if (enforcing.length === 0 || allowed) return { allowed: true };
  return {
    allowed: false,
    direction,
    policies: enforcing,
    reason: l7Denied ? 'l7' : 'default-deny',
  };
}

/**
 * Cilium's verdict on traffic from `source` to `destination` on a destination port: the
 * destination's ingress policies, then the source's egress policies.
 * @public
 */
export function judgeHop(
  cluster: GroupedCluster,
  source: HopPeer,
  destination: HopPeer,
  port: number,
  request?: HopRequest,
): HopVerdict {
  const ingress = judge(cluster, destination, source, 'ingress', port, request);
  if (!ingress.allowed) return ingress;
  return judge(cluster, source, destination, 'egress', port, undefined);
}
