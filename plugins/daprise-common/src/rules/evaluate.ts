import type {
  AppView,
  Finding,
  FleetContext,
  Severity,
} from '../model/appTypes';
import { runRules } from './findingOf';

export { RULE_ERROR_ID } from './findingOf';
import type { Rule, RulesConfig } from './types';

/**
 * Weight of a rule in the score when neither the rule nor configuration sets one.
 * @public
 */
export const DEFAULT_SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = {
  critical: 40,
  high: 25,
  medium: 10,
  low: 5,
  info: 0,
};

function effectiveSeverity(
  rule: Rule,
  config: RulesConfig | undefined,
): Severity {
  return config?.[rule.id]?.severity ?? rule.defaultSeverity;
}

/**
 * Runs the app checks of rules on an app view. Disabled rules are skipped; a rule that throws
 * or returns anything but findings yields one `rule-error` finding naming it rather than
 * breaking the whole index (one faulty extra rule must not hide every app). Findings carry the
 * app's id, are de-duplicated (same rule, object, field and message) and sorted worst first.
 * @public
 */
export function evaluateRules(
  view: AppView,
  context: FleetContext,
  rules: readonly Rule[],
  config?: RulesConfig,
): Finding[] {
  return runRules(
    rules,
    config,
    rule => (rule.evaluate ? () => rule.evaluate?.(view, context) : undefined),
    view.appId,
  );
}

/**
 * Weight of a rule in the score: configuration, else the rule's own default, else the default
 * for its effective severity.
 * @public
 */
export function ruleWeight(rule: Rule, config?: RulesConfig): number {
  return (
    config?.[rule.id]?.weight ??
    rule.defaultWeight ??
    DEFAULT_SEVERITY_WEIGHTS[effectiveSeverity(rule, config)]
  );
}

/**
 * An app's score from 0 to 100: 100 minus the weight of every rule with at least one finding.
 * A rule counts once however many findings it has, so ten unscoped components do not outweigh
 * a route that bypasses Dapr; fixing a rule entirely is what raises the score.
 * @public
 */
export function scoreApp(
  findings: readonly Finding[],
  rules: readonly Rule[],
  config?: RulesConfig,
): number {
  const fired = new Set(findings.map(f => f.ruleId));
  let penalty = 0;
  for (const rule of rules) {
    if (fired.has(rule.id)) penalty += ruleWeight(rule, config);
  }
  // Findings of rules not in the list (e.g. computed elsewhere) count by their severity.
  for (const id of fired) {
    if (rules.some(r => r.id === id)) continue;
    const severity = findings.find(f => f.ruleId === id)?.severity ?? 'info';
    penalty += config?.[id]?.weight ?? DEFAULT_SEVERITY_WEIGHTS[severity];
  }
  return Math.max(0, Math.min(100, Math.round(100 - penalty)));
}
