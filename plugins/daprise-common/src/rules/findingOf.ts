// From a rule's draft to a finding, shared by the app checks (./evaluate) and the object checks
// (./validate) so both fill findings the same way. Not exported from the package, but for
// RULE_ERROR_ID (through ./evaluate).
import type { Finding } from '../model/appTypes';
import { objectRefKey } from '../refs';
import type { FindingDraft, Rule, RulesConfig } from './types';
import { SEVERITIES } from './types';

/**
 * The rule id of the finding that stands for a rule that failed: it threw, or returned
 * something other than a list of findings. Its message names the rule.
 * @public
 */
export const RULE_ERROR_ID = 'rule-error';

/** The longest error message of a failed rule a finding quotes. */
const RULE_ERROR_MESSAGE_LIMIT = 500;

// Info by default: a broken rule is the portal's fault, not the app's, and must not cost
// every app's score; configurable as `daprise.rules.rule-error` like any rule.
const ruleError: Rule = {
  id: RULE_ERROR_ID,
  defaultSeverity: 'info',
  title: 'A governance rule failed',
  description:
    'A rule threw or returned something other than a list of findings; its findings are missing.',
  remediation:
    'Fix the rule in the module that adds it, or disable it (daprise.rules.<id>.enabled: false). The other rules ran as usual.',
};

function isDraft(value: unknown): value is FindingDraft {
  if (typeof value !== 'object' || value === null) return false;
  const draft = value as Record<string, unknown>;
  const object = draft.object as Record<string, unknown> | undefined;
  return (
    typeof draft.message === 'string' &&
    (object === undefined ||
      (typeof object === 'object' &&
        object !== null &&
        typeof object.kind === 'string' &&
        typeof object.name === 'string'))
  );
}

function describeFailure(error: unknown): string {
  const text = String(
    (error as { message?: unknown } | undefined)?.message ?? error,
  ).replace(/\s+/g, ' ');
  return text.length <= RULE_ERROR_MESSAGE_LIMIT
    ? text
    : `${text.slice(0, RULE_ERROR_MESSAGE_LIMIT - 1)}…`;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (value instanceof Promise) return 'a promise (rules are synchronous)';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function describeResult(result: unknown): string {
  if (!Array.isArray(result)) return describeValue(result);
  const bad: unknown = result.find(item => !isDraft(item));
  return `a list with ${
    typeof bad === 'object' && bad !== null
      ? 'an object without a text message or with a malformed object ref'
      : describeValue(bad)
  }`;
}

/**
 * Runs one rule's check (`run`) and makes findings of its drafts. A rule that throws or
 * returns anything but a list of drafts yields one `rule-error` finding naming it instead:
 * an extra rule with a bug must cost its own findings, never the index or the other rules.
 */
export function runRule(
  rule: Rule,
  run: () => unknown,
  config: RulesConfig | undefined,
  appId?: string,
): Finding[] {
  let failure: string;
  try {
    const result = run();
    if (Array.isArray(result) && result.every(isDraft))
      return result.map(draft => findingOf(rule, draft, config, appId));
    failure = `returned ${describeResult(
      result,
    )} instead of a list of findings`;
  } catch (error) {
    failure = `threw: ${describeFailure(error)}`;
  }
  if (config?.[RULE_ERROR_ID]?.enabled === false) return [];
  return [
    findingOf(
      ruleError,
      { message: `Rule ${rule.id} ${failure}` },
      config,
      appId,
    ),
  ];
}

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

/** Findings each once (by `findingKey`, the first kept), sorted worst first. */
function uniqueFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const finding of findings) {
    const key = findingKey(finding);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(finding);
  }
  return sortFindings(out);
}

/** Two lists of findings as one, each finding once (by `findingKey`), sorted worst first. */
export function mergeFindings(
  first: readonly Finding[],
  second: readonly Finding[],
): Finding[] {
  return uniqueFindings([...first, ...second]);
}

/**
 * Runs the enabled rules that have a check of the wanted kind (`checkOf` gives it, bound to
 * its input, or undefined): each through `runRule`, the findings each once, worst first.
 */
export function runRules(
  rules: readonly Rule[],
  config: RulesConfig | undefined,
  checkOf: (rule: Rule) => (() => unknown) | undefined,
  appId?: string,
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (config?.[rule.id]?.enabled === false) continue;
    const check = checkOf(rule);
    if (check) findings.push(...runRule(rule, check, config, appId));
  }
  return uniqueFindings(findings);
}
