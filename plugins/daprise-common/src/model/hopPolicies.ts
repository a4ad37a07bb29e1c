// Whether Cilium's policies let one hop of a route through: the policies selecting the
// destination (ingress) and the source (egress), with Cilium's default deny once any policy
// governs a direction of an endpoint, L3 peers, L4 ports, deny rules and, where given, the L7
// HTTP rules of the allowing rule. Judged from the policies' specs, as Cilium enforces them.
import type {
  LabelSelector,
  SlimCiliumHttpRule,
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

// A fleet's policies repeat the same few patterns: each is compiled once (null: unreadable).
const compiled = new Map<string, RegExp | null>();

/** Cilium's HTTP rules are anchored regular expressions; one JavaScript cannot read admits all. */
function matchesRegex(pattern: string, value: string): boolean {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(`^(?:${pattern})$`);
    } catch {
      regex = null;
    }
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex === null ? true : regex.test(value);
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

// Keyed by the pod labels object (a slim workload's, shared by every hop from or to it).
const peerKeys = new WeakMap<object, Map<string, string>>();

function peerKey(peer: HopPeer): string {
  if (peer.kind === 'ingress') return 'ingress';
  let byPlace = peerKeys.get(peer.podLabels);
  if (!byPlace) {
    byPlace = new Map();
    peerKeys.set(peer.podLabels, byPlace);
  }
  const place = `${peer.namespace}|${peer.serviceAccountName ?? ''}`;
  let key = byPlace.get(place);
  if (key === undefined) {
    const identity = identityOf(peer);
    key = `${peer.namespace}|${Object.keys(identity)
      .sort()
      .map(k => `${k}=${identity[k]}`)
      .join(',')}`;
    byPlace.set(place, key);
  }
  return key;
}

type Governing = Array<{
  policy: SlimCiliumPolicy;
  specs: SlimCiliumPolicySpec[];
}>;

// Every route of a namespace enters through the same Gateway's Dapr Shared, which a policy
// per app selects: the policies governing an end are looked up once per grouped cluster.
const governingByCluster = new WeakMap<
  GroupedCluster,
  Map<string, Governing>
>();

function governing(cluster: GroupedCluster, peer: HopPeer): Governing {
  if (peer.kind !== 'pod') return [];
  let known = governingByCluster.get(cluster);
  if (!known) {
    known = new Map();
    governingByCluster.set(cluster, known);
  }
  const key = peerKey(peer);
  let found = known.get(key);
  if (!found) {
    const identity = identityOf(peer);
    found = [
      ...(cluster.namespaces
        .get(peer.namespace)
        ?.policies.selecting(identity) ?? []),
      ...cluster.clusterwidePolicies.selecting(identity),
    ];
    known.set(key, found);
  }
  return found;
}

/** What one rule admits on the hop's port: always, or under HTTP rules (the gateway hop's). */
interface AdmittingRule {
  always: boolean;
  http: SlimCiliumHttpRule[][];
}

function portRuleMatches(
  portRule: SlimCiliumPeerRule['toPorts'][number],
  port: number,
): boolean {
  if (portRule.ports.length === 0) return true;
  return portRule.ports.some(p => {
    if (p.protocol && !['TCP', 'ANY'].includes(p.protocol.toUpperCase()))
      return false;
    const first = Number(p.port);
    // A named port or port 0 matches any port we cannot tell apart: allow rather than guess.
    if (!Number.isFinite(first) || first === 0) return true;
    return p.endPort ? port >= first && port <= p.endPort : port === first;
  });
}

/** The part of `portMatches` that does not depend on the request; undefined for 'no'. */
function admitting(
  rule: SlimCiliumPeerRule,
  port: number,
): AdmittingRule | undefined {
  if (rule.toPorts.length === 0) return { always: true, http: [] };
  const http: SlimCiliumHttpRule[][] = [];
  for (const portRule of rule.toPorts) {
    if (!portRuleMatches(portRule, port)) continue;
    if (portRule.http.length === 0) return { always: true, http: [] };
    http.push(portRule.http);
  }
  return http.length > 0 ? { always: false, http } : undefined;
}

function admits(http: SlimCiliumHttpRule[], request: HopRequest): boolean {
  return http.some(
    h =>
      (!h.method ||
        !request.method ||
        matchesRegex(h.method, request.method)) &&
      (!h.path || !request.path || matchesRegex(h.path, request.path)),
  );
}

/** A hop's end judged for every request at once: what the request changes is left open. */
interface PreparedJudgement {
  denying: SlimCiliumPolicy[];
  enforcing: SlimCiliumPolicy[];
  allowedAlways: boolean;
  http: SlimCiliumHttpRule[][];
  /**
   * When no HTTP rule names a method: the paths of every rule as one anchored pattern (a
   * Gateway's Dapr Shared has a rule per app, and each of its routes is judged against all),
   * `true` when some rule admits every path, or null to test rule by rule.
   */
  paths?: PathMatcher | true | null;
}

/** Path patterns grouped by the literal text every match starts with. */
interface PathMatcher {
  general?: RegExp;
  byPrefix: Map<string, RegExp>;
  /** The prefixes' lengths, each once: a Gateway's per-app paths mostly share one. */
  lengths: number[];
}

const SPECIAL = new Set('^$.|?*+()[]{}');
const QUANTIFIERS = new Set('?*+{');

/** The literal text every match of a pattern starts with ('' when it cannot be told). */
function literalPrefix(pattern: string): string {
  if (pattern.includes('|')) return '';
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    let ch = pattern[i];
    let width = 1;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break;
      ch = next;
      width = 2;
    } else if (SPECIAL.has(ch)) break;
    const after = pattern[i + width];
    if (after !== undefined && QUANTIFIERS.has(after)) break;
    out += ch;
    i += width - 1;
  }
  return out;
}

function anyOf(patterns: string[]): RegExp {
  return new RegExp(`^(?:${patterns.map(p => `(?:${p})`).join('|')})$`);
}

function combinedPaths(
  http: SlimCiliumHttpRule[][],
): PathMatcher | true | null {
  const rules = http.flat();
  if (rules.some(h => h.method)) return null;
  if (rules.some(h => !h.path)) return true;
  const general: string[] = [];
  const grouped = new Map<string, string[]>();
  for (const { path } of rules) {
    const prefix = literalPrefix(path!);
    if (!prefix) general.push(path!);
    else grouped.set(prefix, [...(grouped.get(prefix) ?? []), path!]);
  }
  try {
    const byPrefix = new Map<string, RegExp>();
    for (const [prefix, patterns] of grouped)
      byPrefix.set(prefix, anyOf(patterns));
    return {
      ...(general.length > 0 ? { general: anyOf(general) } : {}),
      byPrefix,
      lengths: [...new Set([...grouped.keys()].map(p => p.length))],
    };
  } catch {
    return null;
  }
}

function matchesPath(matcher: PathMatcher, path: string): boolean {
  if (matcher.general?.test(path)) return true;
  for (const length of matcher.lengths) {
    if (length > path.length) continue;
    const regex = matcher.byPrefix.get(path.slice(0, length));
    if (regex?.test(path)) return true;
  }
  return false;
}

function prepare(
  cluster: GroupedCluster,
  subject: HopPeer,
  other: HopPeer,
  direction: 'ingress' | 'egress',
  port: number,
): PreparedJudgement {
  const { enforcing, specs } = governed(cluster, subject, direction);
  const denying: SlimCiliumPolicy[] = [];
  let allowedAlways = false;
  const http: SlimCiliumHttpRule[][] = [];
  for (const { policy, spec } of specs) {
    const denies = direction === 'ingress' ? spec.ingressDeny : spec.egressDeny;
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
      if (allowedAlways) break;
      if (!peerMatches(rule, policy, other)) continue;
      const admitted = admitting(rule, port);
      if (!admitted) continue;
      if (admitted.always) allowedAlways = true;
      else http.push(...admitted.http);
    }
  }
  return {
    denying,
    enforcing,
    allowedAlways,
    http,
    paths: http.length > 1 ? combinedPaths(http) : null,
  };
}

const prepared = new WeakMap<GroupedCluster, Map<string, PreparedJudgement>>();

/** What governs one end in one direction, whatever the other end and port. */
interface Governed {
  enforcing: SlimCiliumPolicy[];
  /** The selecting specs with rules (or deny rules) in the direction, in policy order. */
  specs: Array<{ policy: SlimCiliumPolicy; spec: SlimCiliumPolicySpec }>;
}

const governedBy = new WeakMap<GroupedCluster, Map<string, Governed>>();

function governed(
  cluster: GroupedCluster,
  subject: HopPeer,
  direction: 'ingress' | 'egress',
): Governed {
  let known = governedBy.get(cluster);
  if (!known) {
    known = new Map();
    governedBy.set(cluster, known);
  }
  const key = `${peerKey(subject)}:${direction}`;
  let found = known.get(key);
  if (!found) {
    const enforcing: SlimCiliumPolicy[] = [];
    const specs: Governed['specs'] = [];
    for (const { policy, specs: selecting } of governing(cluster, subject)) {
      if (policyDirections(selecting)[direction]) enforcing.push(policy);
      for (const spec of selecting) {
        const rules =
          direction === 'ingress'
            ? spec.ingress.length + spec.ingressDeny.length
            : spec.egress.length + spec.egressDeny.length;
        if (rules > 0) specs.push({ policy, spec });
      }
    }
    found = { enforcing, specs };
    known.set(key, found);
  }
  return found;
}

function judge(
  cluster: GroupedCluster,
  subject: HopPeer,
  other: HopPeer,
  direction: 'ingress' | 'egress',
  port: number,
  request: HopRequest | undefined,
): HopVerdict {
  let known = prepared.get(cluster);
  if (!known) {
    known = new Map();
    prepared.set(cluster, known);
  }
  const key = `${peerKey(subject)}>${peerKey(other)}:${direction}:${port}`;
  let judgement = known.get(key);
  if (!judgement) {
    judgement = prepare(cluster, subject, other, direction, port);
    known.set(key, judgement);
  }
  const { denying, enforcing, allowedAlways, http, paths } = judgement;
  if (denying.length > 0)
    return {
      allowed: false,
      direction,
      policies: denying,
      reason: 'deny-rule',
    };
  // Without a request (a hop that carries none), HTTP rules admit: as `portMatches` says.
  const admitsRequest = (r: HopRequest) => {
    if (paths === true) return true;
    if (paths && r.path) return matchesPath(paths, r.path);
    return http.some(h => admits(h, r));
  };
  const allowed =
    allowedAlways || (http.length > 0 && (!request || admitsRequest(request)));
  if (enforcing.length === 0 || allowed) return { allowed: true };
  return {
    allowed: false,
    direction,
    policies: enforcing,
    reason: http.length > 0 ? 'l7' : 'default-deny',
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
