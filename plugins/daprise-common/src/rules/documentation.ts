import type { KindName } from '../kinds';
import type { Rule } from './types';
import ruleDocs from './ruleDocs.json';

/** What a rule tells people: shown by `GET /rules`, the rules page and the README's table. */
type RuleDocumentation = Pick<
  Rule,
  | 'id'
  | 'title'
  | 'kinds'
  | 'description'
  | 'rationale'
  | 'remediation'
  | 'anchor'
  | 'kiali'
>;

// The built-in rules' prose lives in ruleDocs.json, apart from their checks: one place to edit
// and review the words a platform team reads, and the rule modules hold only what they judge.
const DOCS: Record<
  string,
  Omit<RuleDocumentation, 'id' | 'kinds'> & { kinds?: string[] }
> = ruleDocs;

/**
 * The documentation of the built-in rule `id`, to spread into its definition. Throws at load for
 * an id ruleDocs.json does not document, so an undocumented rule cannot ship.
 */
export function documentedRule(id: string): RuleDocumentation {
  const doc = DOCS[id];
  if (!doc) throw new Error(`Rule ${id} has no entry in rules/ruleDocs.json`);
  return { id, ...doc, kinds: doc.kinds as KindName[] | undefined };
}
