import {
  FindingRow,
  FindingSortField,
  FindingsPage,
  FindingsQuery,
  Rule,
  SEVERITIES,
} from '@daprise/plugin-daprise-common';
import { csvTable } from './csv';
import { collator, countFindings, pageOf, uniqueSorted } from './fleetRows';

const text = (value: string | undefined) => value ?? '';

const sorters: Record<
  FindingSortField,
  (a: FindingRow, b: FindingRow) => number
> = {
  severity: (a, b) =>
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
  ruleId: (a, b) => collator.compare(a.ruleId, b.ruleId),
  cluster: (a, b) => collator.compare(a.cluster, b.cluster),
  namespace: (a, b) =>
    collator.compare(text(a.object?.namespace), text(b.object?.namespace)),
  kind: (a, b) => collator.compare(text(a.object?.kind), text(b.object?.kind)),
  name: (a, b) => collator.compare(text(a.object?.name), text(b.object?.name)),
};

/** After the chosen column: where the object is, then the rule and the message. */
const TIE_BREAKERS: FindingSortField[] = [
  'cluster',
  'namespace',
  'kind',
  'name',
  'ruleId',
];

function matches(
  row: FindingRow,
  query: FindingsQuery,
  ignoreRule = false,
): boolean {
  const oneOf = (values: string[] | undefined, value: string | undefined) =>
    !values?.length || (value !== undefined && values.includes(value));
  if (!oneOf(query.cluster, row.cluster)) return false;
  if (!oneOf(query.namespace, row.object?.namespace)) return false;
  if (!oneOf(query.kind, row.object?.kind)) return false;
  if (!ignoreRule && !oneOf(query.rule, row.ruleId)) return false;
  if (!oneOf(query.severity, row.severity)) return false;
  if (query.apps === 'none' && row.apps.length > 0) return false;
  if (query.apps === 'some' && row.apps.length === 0) return false;
  if (query.q) {
    const needle = query.q.toLowerCase();
    const haystack = [
      row.cluster,
      row.object?.namespace,
      row.object?.kind,
      row.object?.name,
      row.appId,
      row.field,
      row.message,
    ];
    if (!haystack.some(t => t?.toLowerCase().includes(needle))) return false;
  }
  return true;
}

/**
 * Filters, sorts and pages the object findings; the summary counts the filtered findings
 * (by rule: ignoring the rule filter), the facets name what every finding has.
 */
export function queryFindings(
  rows: readonly FindingRow[],
  query: FindingsQuery,
  rules: readonly Rule[],
): Omit<FindingsPage, 'observedAt' | 'indexVersion'> & { all: FindingRow[] } {
  const filtered = rows.filter(row => matches(row, query));
  const direction = query.order === 'desc' ? -1 : 1;
  const sort = query.sort ?? 'severity';
  const sorted = [...filtered].sort((a, b) => {
    const first = direction * sorters[sort](a, b);
    if (first) return first;
    for (const field of TIE_BREAKERS) {
      const next = sorters[field](a, b);
      if (next) return next;
    }
    return collator.compare(a.message, b.message);
  });
  const { bySeverity, byRule } = countFindings(
    rows.filter(row => matches(row, query, true)),
    rules,
    query.rule,
  );
  return {
    ...pageOf(sorted, query),
    summary: { findings: filtered.length, bySeverity, byRule },
    facets: {
      clusters: uniqueSorted(rows.map(r => r.cluster)),
      namespaces: uniqueSorted(rows.map(r => r.object?.namespace)),
      kinds: uniqueSorted(
        rows.map(r => r.object?.kind),
      ) as FindingsPage['facets']['kinds'],
      rules: rules.map(rule => ({ id: rule.id, title: rule.title })),
    },
  };
}

/** Object findings as CSV, every cell safe to open in a spreadsheet. */
export function findingsCsv(rows: readonly FindingRow[]): string {
  return csvTable(
    [
      'cluster',
      'namespace',
      'kind',
      'name',
      'rule',
      'severity',
      'field',
      'apps',
      'message',
      'remediation',
    ],
    rows.map(row => [
      row.cluster,
      row.object?.namespace,
      row.object?.kind,
      row.object?.name,
      row.ruleId,
      row.severity,
      row.field,
      row.apps.join(' '),
      row.message,
      row.remediation,
    ]),
  );
}
