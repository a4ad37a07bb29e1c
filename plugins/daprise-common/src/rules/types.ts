import type { AppView, FleetContext, Severity } from '../model/appTypes';
import type { ObjectRef } from '../types';

/**
 * Severities from worst to mildest.
 * @public
 */
export const SEVERITIES: readonly Severity[] = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
];

/**
 * What a rule's `evaluate` returns: `evaluateRules` fills in the rule id, the severity (from
 * configuration or the rule's default) and the rule's remediation unless the draft gives a more
 * specific one. Rules thus cannot misreport their own id or ignore configured severities.
 * @public
 */
export interface FindingDraft {
  message: string;
  object?: ObjectRef;
  remediation?: string;
  /** Overrides the rule's default severity for this finding (configuration still wins). */
  severity?: Severity;
}

/**
 * A governance rule. Rules are pure: same view and context, same findings.
 * @public
 */
export interface Rule {
  /** Stable kebab-case id, used in configuration and findings. */
  id: string;
  defaultSeverity: Severity;
  title: string;
  description: string;
  remediation: string;
  /** Default weight in the app score; see `scoreApp`. */
  defaultWeight?: number;
  evaluate(view: AppView, context: FleetContext): FindingDraft[];
}

/**
 * Per-rule settings from configuration.
 * @public
 */
export interface RuleSettings {
  enabled?: boolean;
  severity?: Severity;
  weight?: number;
}

/**
 * Rule settings by rule id.
 * @public
 */
export type RulesConfig = Record<string, RuleSettings | undefined>;
