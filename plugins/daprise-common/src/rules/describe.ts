// What `GET /rules` and the rules page say about each rule: its documentation and its
// settings, default and configured.
import type { RuleDescription } from '../api';
import { DEFAULT_SEVERITY_WEIGHTS, ruleWeight } from './evaluate';
import type { Rule, RulesConfig } from './types';

/**
 * Describes rules as configured: what each checks, why it matters, how to fix it, its
 * anchors, and its severity, enablement and weight by default and in effect.
 * @public
 */
export function describeRules(
  rules: readonly Rule[],
  config?: RulesConfig,
): RuleDescription[] {
  return rules.map(rule => {
    const settings = config?.[rule.id];
    const description: RuleDescription = {
      id: rule.id,
      title: rule.title,
      levels: [
        ...(rule.evaluate ? (['app'] as const) : []),
        ...(rule.check ? (['object'] as const) : []),
      ],
      kinds: [...(rule.kinds ?? [])],
      description: rule.description,
      remediation: rule.remediation,
      defaultSeverity: rule.defaultSeverity,
      severity: settings?.severity ?? rule.defaultSeverity,
      defaultEnabled: true,
      enabled: settings?.enabled ?? true,
      defaultWeight:
        rule.defaultWeight ?? DEFAULT_SEVERITY_WEIGHTS[rule.defaultSeverity],
      weight: ruleWeight(rule, config),
    };
    if (rule.rationale) description.rationale = rule.rationale;
    if (rule.kiali) description.kiali = rule.kiali;
    if (rule.anchor) description.docsUrl = rule.anchor;
    return description;
  });
}
