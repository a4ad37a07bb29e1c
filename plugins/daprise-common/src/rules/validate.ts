// Object validation: the object checks of the rules, run once per grouped cluster over every
// object of every watched kind, whether or not an app uses it. Beside the app index, never
// inside it: an object that hangs off no running app is judged all the same.
import type { Finding } from '../model/appTypes';
import type { GroupedCluster, GroupedFleet } from '../model/snapshotTypes';
import { runRules } from './findingOf';
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
  return runRules(rules, config, rule =>
    rule.check ? () => rule.check?.(cluster) : undefined,
  );
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
 * `rules` and `config` objects): what `validateFleet` gives per cluster, and what app views
 * take their objects' findings from.
 * @public
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
