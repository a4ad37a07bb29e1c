import type {
  LabelSelector,
  RawKubernetesObject,
  SlimCiliumHttpRule,
  SlimCiliumPeerRule,
  SlimCiliumPolicy,
  SlimCiliumPolicySpec,
  SlimCiliumPortRule,
} from '../types';
import {
  arr,
  bool,
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
  trimmed,
} from './read';
import type { Json } from './read';

function selectors(raw: unknown): LabelSelector[] {
  // `objs` keeps objects only, and every object reads as a selector.
  return list(objs(raw).map(s => slimLabelSelector(s) ?? {}));
}

function slimHttpRule(raw: Json): SlimCiliumHttpRule {
  return defined({
    method: sharedStr(raw.method),
    path: sharedStr(raw.path),
    host: sharedStr(raw.host),
    // `headers` entries are `Name: value` strings and `headerMatches` may hold values or secret
    // references: only the header names are kept.
    headers: list(
      [
        // Not `strs`: the whole entries, values included, must not reach the shared strings.
        ...arr(raw.headers)
          .filter((h): h is string => typeof h === 'string')
          .map(h => h.split(':')[0].trim()),
        ...objs(raw.headerMatches).map(h => str(h.name) ?? ''),
      ]
        .filter(h => h !== '')
        .map(shared),
    ),
  });
}

function slimPortRule(raw: Json): SlimCiliumPortRule {
  const rules = obj(raw.rules) ?? {};
  const otherL7: string[] = [];
  if (Array.isArray(rules.dns)) otherL7.push('dns');
  if (Array.isArray(rules.kafka)) otherL7.push('kafka');
  const l7proto = str(rules.l7proto);
  if (l7proto) otherL7.push(l7proto);
  return {
    ports: list(
      objs(raw.ports).map(p =>
        defined({
          // The CRD types port as a string (a number or a named port); accept numbers too.
          port: shared(
            str(p.port) ?? (num(p.port) !== undefined ? String(p.port) : ''),
          ),
          endPort: num(p.endPort),
          protocol: sharedStr(p.protocol),
        }),
      ),
    ),
    http: list(objs(rules.http).map(slimHttpRule)),
    otherL7: trimmed(otherL7),
    serverNames: strs(raw.serverNames),
  };
}

function cidrs(raw: Json, prefix: 'from' | 'to'): string[] {
  const plain = strs(raw[`${prefix}CIDR`]);
  const sets = objs(raw[`${prefix}CIDRSet`]).map(
    s => str(s.cidr) ?? (str(s.cidrGroupRef) ? `group:${s.cidrGroupRef}` : ''),
  );
  return list([...plain, ...sets].filter(c => c !== '').map(shared));
}

function slimPeerRule(
  raw: Json,
  direction: 'ingress' | 'egress',
): SlimCiliumPeerRule {
  const prefix = direction === 'ingress' ? 'from' : 'to';
  return defined({
    endpoints: selectors(raw[`${prefix}Endpoints`]),
    entities: strs(raw[`${prefix}Entities`]),
    cidrs: cidrs(raw, prefix),
    fqdns: list(
      direction === 'egress'
        ? objs(raw.toFQDNs)
            .map(f => str(f.matchName) ?? str(f.matchPattern) ?? '')
            .filter(f => f !== '')
            .map(shared)
        : [],
    ),
    services: list(
      direction === 'egress'
        ? objs(raw.toServices).map(s => {
            const k8sService = obj(s.k8sService);
            if (k8sService)
              return shared(
                `${str(k8sService.namespace) ?? ''}/${
                  str(k8sService.serviceName) ?? ''
                }`,
              );
            return 'selector';
          })
        : [],
    ),
    nodes: selectors(raw[`${prefix}Nodes`]),
    requires: selectors(raw[`${prefix}Requires`]),
    toPorts: list(objs(raw.toPorts).map(slimPortRule)),
    authenticationMode: sharedStr(obj(raw.authentication)?.mode),
  });
}

function slimSpec(raw: Json): SlimCiliumPolicySpec {
  const defaultDeny = obj(raw.enableDefaultDeny);
  return defined({
    description: str(raw.description),
    endpointSelector: slimLabelSelector(raw.endpointSelector),
    nodeSelector: slimLabelSelector(raw.nodeSelector),
    ingress: list(objs(raw.ingress).map(r => slimPeerRule(r, 'ingress'))),
    ingressDeny: list(
      objs(raw.ingressDeny).map(r => slimPeerRule(r, 'ingress')),
    ),
    egress: list(objs(raw.egress).map(r => slimPeerRule(r, 'egress'))),
    egressDeny: list(objs(raw.egressDeny).map(r => slimPeerRule(r, 'egress'))),
    enableDefaultDeny: defaultDeny
      ? defined({
          ingress: bool(defaultDeny.ingress),
          egress: bool(defaultDeny.egress),
        })
      : undefined,
  });
}

/**
 * Slims a CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy. Both `spec` and `specs` are
 * read (a policy may use either or both); TLS secrets and header values are not kept.
 * @public
 */
export function slimCiliumPolicy(
  kind: 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy',
  raw: RawKubernetesObject,
): SlimCiliumPolicy {
  const specs = [obj(raw.spec), ...objs(raw.specs)]
    .filter((s): s is Json => s !== undefined)
    .map(slimSpec);
  const meta = slimMeta(raw, kind === 'CiliumNetworkPolicy');
  return {
    ...meta,
    kind,
    specs,
    conditions: slimConditions(obj(raw.status)?.conditions),
  };
}
