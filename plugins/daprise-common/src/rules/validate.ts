// Object validation: the object checks of the rules, run once per cluster over every object of
// every watched kind, whether or not an app uses it. Beside the app index, never inside it: an
// object that hangs off no running app is judged all the same.
import type { Finding, FleetContext } from '../model/appTypes';
import type { GroupedCluster, GroupedFleet } from '../model/snapshotTypes';
import { findingKey, findingOf, sortFindings } from './findingOf';
import type { Rule, RulesConfig } from './types';

/**
 * Runs the object checks of rules over one grouped cluster. Disabled rules are skipped; a rule
 * that throws yields no findings (one faulty extra rule must not hide every other finding).
 * Findings are de-duplicated (same rule, object, field and message) and sorted worst first.
 * @public
 */
export function validateCluster(
  cluster: GroupedCluster,
  context: FleetContext,
  rules: readonly Rule[],
  config?: RulesConfig,
): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!rule.check || config?.[rule.id]?.enabled === false) continue;
    let drafts;
    try {
      drafts = rule.check(cluster, context);
    } catch {
      continue;
    }
    for (const draft of drafts) {
      const finding = findingOf(rule, draft, config);
      const key = findingKey(finding);
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
  }
  return sortFindings(findings);
}

/**
 * The object findings of every cluster of a grouped fleet, by cluster name.
 * @public
 */
export function validateFleet(
  grouped: GroupedFleet,
  context: FleetContext,
  rules: readonly Rule[],
  config?: RulesConfig,
): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const cluster of grouped.clusters.values())
    out.set(cluster.name, validateCluster(cluster, context, rules, config));
  return out;
}
