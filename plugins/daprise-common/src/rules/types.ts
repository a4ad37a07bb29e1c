import type { AppView } from '../model/appIndex';
import type { ObjectRef } from '../types';

/**
 * How bad a finding is.
 * @public
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

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
 * Something a rule found about an app.
 * @public
 */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  remediation: string;
  /** The object the finding is about, when there is one. */
  object?: ObjectRef;
}

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
 * Facts about the whole fleet that rules judge an app against.
 * @public
 */
export interface FleetContext {
  /**
   * `rendered` when judging a render (scaffolder) rather than live clusters: nothing has status
   * yet, so rules about controller status or readiness stay silent.
   */
  source: 'cluster' | 'rendered';
  /** How many Dapr Shared instances (and pinned sidecars) run each daprd version. */
  daprdVersions: Record<string, number>;
  /** The version most instances run (ties go to the newer version). */
  mostCommonDaprdVersion?: string;
  /** Per cluster: `spec.mtls.enabled` of the control plane's `daprsystem` Configuration. */
  daprsystemMtls: Record<string, boolean | undefined>;
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
