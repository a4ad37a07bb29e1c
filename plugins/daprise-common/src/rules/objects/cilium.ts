// Object checks of Cilium policies: a policy that selects nothing, and every route's hop
// chain (gateway -> gateway's Dapr Shared -> app's Dapr Shared -> app) judged against the
// policies selecting each end. Builds on the route analysis (hops) and the policy index.
import { analyseCluster } from '../../model/analysis';
import { describeHopBlock } from '../../model/hopChain';
import { ciliumIdentityLabels } from '../../model/policies';
import type { GroupedCluster } from '../../model/snapshotTypes';
import { refOf } from '../../refs';
import type { SlimCiliumPolicy } from '../../types';
import type { FindingDraft, Rule } from '../types';
import { absenceKnown, named } from './common';

const CILIUM_DOCS = 'https://docs.cilium.io/en/stable/security/policy/';

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
  kinds: ['CiliumNetworkPolicy'],
  rationale:
    'A policy that selects nothing protects nothing: the pods it was written for are open, or are guarded by other rules than those reviewed.',
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
  kinds: ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'],
  rationale:
    'A route whose hop is denied by the network policies fails at that hop (connection refused or reset) although every object on the way looks healthy.',
  description:
    "Following a route from the Gateway through the gateway's Dapr Shared and the app's Dapr Shared to the app, one hop is not allowed by the Cilium policies selecting its ends: once a policy governs an endpoint's ingress (or egress), Cilium denies what no rule allows, on L3 (peers), L4 (ports) and, where given, L7 (HTTP).",
  remediation:
    'Allow the hop in the named policy: an ingress rule from the source (`fromEndpoints`, or `fromEntities: [ingress]` for the Gateway) with `toPorts` for the port, or the matching egress rule at the source.',
  anchor: `${CILIUM_DOCS}intro/#policy-enforcement-modes`,
  check(cluster) {
    const drafts: FindingDraft[] = [];
    const seen = new Set<string>();
    for (const routes of analyseCluster(cluster).routes.values()) {
      for (const route of routes) {
        for (const hop of route.hops) {
          for (const block of hop.blocked ?? []) {
            const key = `${route.id}|${block.from}|${block.to}|${block.port}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const policies = block.policies.map(named);
            drafts.push({
              message: `${route.kind} ${route.namespace}/${
                route.name
              }: ${describeHopBlock(block)}`,
              object: route.ref,
              appId: route.target.appId,
              field: `spec.rules[${route.ruleIndex}].backendRefs[${route.backendRefIndex}]`,
              relatedObjects: [
                ...block.policies,
                ...(block.fromRef ? [block.fromRef] : []),
                ...(block.toRef ? [block.toRef] : []),
              ],
              remediation: `Allow ${block.direction} ${
                block.direction === 'ingress'
                  ? `from ${block.from}`
                  : `to ${block.to}`
              } on port ${block.port} in ${policies.join(' or ')}.`,
            });
          }
        }
      }
    }
    return drafts;
  },
};
