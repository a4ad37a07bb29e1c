import type {
  LabelSelector,
  ObjectRef,
  SlimCiliumPolicy,
  SlimCiliumPolicySpec,
} from '../types';
import { matchesRequirement } from './selectors';

/**
 * Label Cilium gives every pod for its namespace; namespaced policies select within it.
 * @public
 */
export const CILIUM_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';

/**
 * Label Cilium gives every pod for its service account.
 * @public
 */
export const CILIUM_SERVICE_ACCOUNT_LABEL =
  'io.cilium.k8s.policy.serviceaccount';

/**
 * Strips the label source Cilium allows in selector keys that still match pod labels:
 * `k8s:app` and `any:app` both mean the pod label `app`. Other sources (`reserved:`, `cidr:`,
 * ...) are kept, so such keys never match pod labels, which is right: they name identities
 * that are not pods.
 * @public
 */
export function stripCiliumLabelSource(key: string): string {
  if (key.startsWith('k8s:')) return key.slice(4);
  if (key.startsWith('any:')) return key.slice(4);
  return key;
}

/**
 * The labels Cilium matches a pod's identity against: the pod labels plus the namespace and
 * service account labels Cilium adds.
 * @public
 */
export function ciliumIdentityLabels(
  podLabels: Readonly<Record<string, string>>,
  namespace: string,
  serviceAccountName?: string,
): Record<string, string> {
  return {
    ...podLabels,
    [CILIUM_NAMESPACE_LABEL]: namespace,
    [CILIUM_SERVICE_ACCOUNT_LABEL]: serviceAccountName || 'default',
  };
}

/**
 * Whether a Cilium endpoint selector matches identity labels (see `ciliumIdentityLabels`).
 * Keys may carry a `k8s:` or `any:` source prefix; an empty selector matches every endpoint.
 * @public
 */
export function matchesCiliumSelector(
  selector: LabelSelector | undefined,
  identityLabels: Readonly<Record<string, string>>,
): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (identityLabels[stripCiliumLabelSource(key)] !== value) return false;
  }
  return (selector.matchExpressions ?? []).every(r =>
    matchesRequirement(r, identityLabels, stripCiliumLabelSource(r.key)),
  );
}

/**
 * The specs of a policy that select endpoints with the given identity labels. A namespaced
 * policy only ever selects endpoints of its own namespace; node-selecting specs select no pod.
 * @public
 */
export function policySpecsSelecting(
  policy: SlimCiliumPolicy,
  identityLabels: Readonly<Record<string, string>>,
): SlimCiliumPolicySpec[] {
  if (
    policy.kind === 'CiliumNetworkPolicy' &&
    identityLabels[CILIUM_NAMESPACE_LABEL] !== policy.namespace
  ) {
    return [];
  }
  return policy.specs.filter(
    spec =>
      spec.nodeSelector === undefined &&
      matchesCiliumSelector(spec.endpointSelector ?? {}, identityLabels),
  );
}

/**
 * Which traffic directions a set of policy specs governs for the endpoints they select. Any
 * ingress (or ingress deny) rule puts the endpoint in default-deny for ingress, and likewise
 * for egress, unless `enableDefaultDeny` turns that off.
 * @public
 */
export function policyDirections(specs: readonly SlimCiliumPolicySpec[]): {
  ingress: boolean;
  egress: boolean;
} {
  let ingress = false;
  let egress = false;
  for (const spec of specs) {
    const hasIngress = spec.ingress.length > 0 || spec.ingressDeny.length > 0;
    const hasEgress = spec.egress.length > 0 || spec.egressDeny.length > 0;
    if (
      (hasIngress && spec.enableDefaultDeny?.ingress !== false) ||
      spec.enableDefaultDeny?.ingress === true
    ) {
      ingress = true;
    }
    if (
      (hasEgress && spec.enableDefaultDeny?.egress !== false) ||
      spec.enableDefaultDeny?.egress === true
    ) {
      egress = true;
    }
  }
  return { ingress, egress };
}

/**
 * A network policy as it applies to one app: the policy, the workloads of the app it selects,
 * and the directions it governs for them.
 * @public
 */
export interface PolicyView {
  ref: ObjectRef;
  policy: SlimCiliumPolicy;
  /** Workloads of the app (Dapr Shared, sidecar app or app workload) whose pods it selects. */
  selects: ObjectRef[];
  /** Whether it selects the app's Dapr Shared pods (as opposed to only its app pods). */
  selectsDaprShared: boolean;
  ingress: boolean;
  egress: boolean;
  /** Whether any selecting rule restricts HTTP at L7. */
  l7: boolean;
}

/**
 * An index of Cilium policies by the first `matchLabels` pair of each endpoint selector, so the
 * policies selecting a pod are found without testing every policy in scope.
 * @public
 */
export class CiliumPolicyIndex {
  // By label key, then value (not by joined `key=value` strings, which would be new strings).
  private readonly byLabel = new Map<string, Map<string, SlimCiliumPolicy[]>>();
  /** Policies with a spec that has no matchLabels (empty or expressions only): always candidates. */
  private readonly general: SlimCiliumPolicy[] = [];

  add(policy: SlimCiliumPolicy): void {
    const pairs: Array<[string, string]> = [];
    let general = false;
    for (const spec of policy.specs) {
      if (spec.nodeSelector !== undefined) continue;
      const first = Object.entries(spec.endpointSelector?.matchLabels ?? {})[0];
      if (!first) general = true;
      else pairs.push([stripCiliumLabelSource(first[0]), first[1]]);
    }
    if (general) {
      this.general.push(policy);
      return;
    }
    for (const [key, value] of pairs) {
      let byValue = this.byLabel.get(key);
      if (!byValue) {
        byValue = new Map();
        this.byLabel.set(key, byValue);
      }
      const bucket = byValue.get(value);
      // A policy whose specs share their first pair is listed once.
      if (!bucket) byValue.set(value, [policy]);
      else if (bucket[bucket.length - 1] !== policy) bucket.push(policy);
    }
  }

  /** Policies with at least one spec selecting the identity, with those specs. */
  selecting(
    identityLabels: Readonly<Record<string, string>>,
  ): Array<{ policy: SlimCiliumPolicy; specs: SlimCiliumPolicySpec[] }> {
    const candidates = new Set<SlimCiliumPolicy>(this.general);
    for (const [key, value] of Object.entries(identityLabels)) {
      for (const policy of this.byLabel.get(key)?.get(value) ?? [])
        candidates.add(policy);
    }
    const out: Array<{
      policy: SlimCiliumPolicy;
      specs: SlimCiliumPolicySpec[];
    }> = [];
    for (const policy of candidates) {
      const specs = policySpecsSelecting(policy, identityLabels);
      if (specs.length > 0) out.push({ policy, specs });
    }
    return out;
  }
}
