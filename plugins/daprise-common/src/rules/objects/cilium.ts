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
import { documentedRule } from '../documentation';

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
  ...documentedRule('cilium-policy-selects-nothing'),
  defaultSeverity: 'low',
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
  ...documentedRule('route-hop-blocked'),
  defaultSeverity: 'high',
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
