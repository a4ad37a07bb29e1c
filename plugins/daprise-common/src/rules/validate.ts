// Object validation: the object checks of the rules, run once per grouped cluster over every
// object of every watched kind, whether or not an app uses it. Beside the app index, never
// inside it: an object that hangs off no running app is judged all the same.
import type { AppView, Finding } from '../model/appTypes';
import { objectRefKey, refOf } from '../refs';
import type { ObjectRef } from '../types';
import type { GroupedCluster, GroupedFleet } from '../model/snapshotTypes';
import { findingKey, runRule, sortFindings } from './findingOf';
import type { Rule, RulesConfig } from './types';

/**
 * Runs the object checks of rules over one grouped cluster. Disabled rules are skipped; a rule
 * that throws or returns anything but findings yields one `rule-error` finding naming it (one
 * faulty extra rule must not hide every other finding).
 * Findings are de-duplicated (same rule, object, field and message) and sorted worst first.
 * @public
 */
export function validateCluster(
  cluster: GroupedCluster,
  rules: readonly Rule[],
  config?: RulesConfig,
): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!rule.check || config?.[rule.id]?.enabled === false) continue;
    const check = rule.check.bind(rule);
    for (const finding of runRule(rule, () => check(cluster), config)) {
      const key = findingKey(finding);
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
  }
  return sortFindings(findings);
}

// A grouped cluster never changes once built and the backend regroups only the clusters a
// watch event touched, so every other cluster's findings are reused: at 5,000 app-ids in one
// cluster the object checks take about 0.4 s, which no unchanged cluster should pay again.
// Keyed weakly by the grouped cluster, and valid for the same rules and configuration.
const validations = new WeakMap<
  GroupedCluster,
  { rules: readonly Rule[]; config?: RulesConfig; findings: Finding[] }
>();

/**
 * The object findings of one grouped cluster, computed once per grouping of it (for the same
 * `rules` and `config` objects). Not exported from the package.
 */
export function validateClusterOnce(
  cluster: GroupedCluster,
  rules: readonly Rule[],
  config?: RulesConfig,
): Finding[] {
  let cached = validations.get(cluster);
  if (!cached || cached.rules !== rules || cached.config !== config) {
    cached = {
      rules,
      config,
      findings: validateCluster(cluster, rules, config),
    };
    validations.set(cluster, cached);
  }
  return cached.findings;
}

/**
 * The object findings of every cluster of a grouped fleet, by cluster name; a cluster's are
 * computed once per grouping of it (for the same `rules` and `config` objects).
 * @public
 */
export function validateFleet(
  grouped: GroupedFleet,
  rules: readonly Rule[],
  config?: RulesConfig,
): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const cluster of grouped.clusters.values())
    out.set(cluster.name, validateClusterOnce(cluster, rules, config));
  return out;
}

/** A cluster's object findings by the object they are about and by the app they name. */
interface FindingsByLink {
  byObject: Map<string, Finding[]>;
  /** By `namespace/appId` (the namespace of the finding's object). */
  byApp: Map<string, Finding[]>;
}

const links = new WeakMap<readonly Finding[], FindingsByLink>();

function linksOf(findings: readonly Finding[]): FindingsByLink {
  let found = links.get(findings);
  if (!found) {
    found = { byObject: new Map(), byApp: new Map() };
    const push = (map: Map<string, Finding[]>, key: string, f: Finding) => {
      const list = map.get(key);
      if (list) list.push(f);
      else map.set(key, [f]);
    };
    for (const finding of findings) {
      if (finding.object)
        push(found.byObject, objectRefKey(finding.object), finding);
      if (finding.appId && finding.object?.namespace !== undefined)
        push(
          found.byApp,
          `${finding.object.namespace}/${finding.appId}`,
          finding,
        );
    }
    links.set(findings, found);
  }
  return found;
}

/** The objects an app view shows, whose findings are the app's. */
function objectsOf(view: AppView): ObjectRef[] {
  const refs: ObjectRef[] = [];
  for (const list of [
    view.components,
    view.configurations,
    view.resiliencies,
    view.subscriptions,
    view.httpEndpoints,
    view.mcpServers,
    view.workflowAccessPolicies,
  ])
    for (const object of list) refs.push(refOf(view.cluster, object));
  for (const route of view.routes) refs.push(route.ref);
  for (const instance of [...view.daprShared, ...view.sidecars])
    refs.push(instance.ref);
  for (const workload of view.appWorkloads) refs.push(workload.ref);
  return refs;
}

/**
 * The object findings that belong to an app view: those naming the app (`appId`, in its
 * namespace) and those about an object the view shows that name no other app (a route in the
 * gateway's namespace may name its target app in another). Each comes with
 * the app's id, so that a fact judged once per object (a plaintext secret, a route's status)
 * is shown on every app it concerns without a second, app-level finding saying the same.
 */
export function objectFindingsOfView(
  view: AppView,
  clusterFindings: readonly Finding[],
): Finding[] {
  const { byObject, byApp } = linksOf(clusterFindings);
  const out = new Set<Finding>(
    byApp.get(`${view.namespace}/${view.appId}`) ?? [],
  );
  for (const ref of objectsOf(view))
    for (const finding of byObject.get(objectRefKey(ref)) ?? [])
      if (!finding.appId || finding.appId === view.appId) out.add(finding);
  return [...out].map(finding =>
    finding.appId ? finding : { ...finding, appId: view.appId },
  );
}
