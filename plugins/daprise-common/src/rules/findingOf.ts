// From a rule's draft to a finding, shared by the app checks (./evaluate) and the object checks
// (./validate) so both fill findings the same way. Not exported from the package.
import type { Finding } from '../model/appTypes';
import { objectRefKey } from '../refs';
import type { FindingDraft, Rule, RulesConfig } from './types';
import { SEVERITIES } from './types';

/**
 * The finding a rule's draft makes: id, severity (configuration, else the draft's, else the
 * rule's default), remediation and anchor from the rule unless the draft is more specific.
 */
export function findingOf(
  rule: Rule,
  draft: FindingDraft,
  config: RulesConfig | undefined,
  appId?: string,
): Finding {
  const finding: Finding = {
    ruleId: rule.id,
    severity:
      config?.[rule.id]?.severity ?? draft.severity ?? rule.defaultSeverity,
    message: draft.message,
    remediation: draft.remediation ?? rule.remediation,
  };
  if (draft.object) finding.object = draft.object;
  if (draft.field) finding.field = draft.field;
  if (draft.parentRef) finding.parentRef = draft.parentRef;
  if (draft.backendRef) finding.backendRef = draft.backendRef;
  const app = draft.appId ?? appId;
  if (app) finding.appId = app;
  if (draft.relatedObjects?.length)
    finding.relatedObjects = draft.relatedObjects;
  if (rule.anchor) finding.anchor = rule.anchor;
  return finding;
}

/** A finding's identity: the same rule, object, field and message say the same thing. */
export function findingKey(finding: Finding): string {
  return `${finding.ruleId}|${
    finding.object ? objectRefKey(finding.object) : ''
  }|${finding.field ?? ''}|${finding.message}`;
}

/**
 * Findings sorted worst first (stable: equal severities keep the order the rules made them in).
 */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
  );
}
