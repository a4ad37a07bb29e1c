import type {
  AppView,
  FindingBackendRef,
  FindingParentRef,
  FleetContext,
  Severity,
} from '../model/appTypes';
import type { GroupedCluster } from '../model/snapshotTypes';
import type { KindName } from '../kinds';
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
 * What a rule's `evaluate` or `check` returns: `evaluateRules` and `validateCluster` fill in
 * the rule id, the severity (from configuration or the rule's default), the rule's remediation
 * unless the draft gives a more specific one, and the rule's anchor. Rules thus cannot
 * misreport their own id or ignore configured severities.
 * @public
 */
export interface FindingDraft {
  message: string;
  object?: ObjectRef;
  remediation?: string;
  /** Overrides the rule's default severity for this finding (configuration still wins). */
  severity?: Severity;
  field?: string;
  parentRef?: FindingParentRef;
  backendRef?: FindingBackendRef;
  /** For app rules `evaluateRules` sets the judged app's id unless the draft names another. */
  appId?: string;
  relatedObjects?: ObjectRef[];
}

/**
 * A governance rule: an app check (`evaluate`, run on every app view), an object check
 * (`check`, run once per grouped cluster over every object, whether or not an app uses it), or both
 * under one id when a fact matters both ways (a plaintext secret is the app's problem and the
 * Component's). Rules are pure: same input, same findings.
 * @public
 */
export interface Rule {
  /** Stable kebab-case id, used in configuration and findings. */
  id: string;
  defaultSeverity: Severity;
  title: string;
  /** The kinds of object the rule judges (those its findings are about). */
  kinds?: readonly KindName[];
  /** What the rule checks. */
  description: string;
  /** Why it matters: what goes wrong when the rule fires. */
  rationale?: string;
  /** How to fix what it finds. */
  remediation: string;
  /** Where the rule's subject is documented upstream (a URL with its anchor). */
  anchor?: string;
  /** The Kiali validation code the rule corresponds to, e.g. `KIA1401`, where one does. */
  kiali?: string;
  /** Default weight in the app score; see `scoreApp`. */
  defaultWeight?: number;
  evaluate?(view: AppView, context: FleetContext): FindingDraft[];
  /**
   * Judges the objects of one cluster by what that cluster holds (no fleet-wide facts), so
   * that a cluster's object findings are computed once per grouping of it.
   */
  check?(cluster: GroupedCluster): FindingDraft[];
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
