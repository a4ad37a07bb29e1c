import {
  AppView,
  Finding,
  FleetPage,
  FleetQuery,
  FleetRow,
  FleetRuleCount,
  FleetSortField,
  Rule,
  SEVERITIES,
  Severity,
} from '@daprise/plugin-daprise-common';
import { CatalogApp } from './catalogApps';
import { csvTable } from './csv';

function runtimeOf(view: AppView): FleetRow['runtime'] {
  if (view.daprShared.length > 0) return 'dapr-shared';
  if (view.sidecars.length > 0) return 'sidecar';
  return 'none';
}

export function toFleetRow(
  view: AppView,
  entity: CatalogApp | undefined,
): FleetRow {
  const instances =
    view.daprShared.length > 0 ? view.daprShared : view.sidecars;
  const row: FleetRow = {
    key: view.key,
    cluster: view.cluster,
    namespace: view.namespace,
    appId: view.appId,
    runtime: runtimeOf(view),
    routes: view.routes.length,
    components: view.components.length,
    score: view.score,
    findings: view.findings,
    stale: view.stale,
  };
  if (entity) {
    row.entityRef = entity.entityRef;
    if (entity.owner) row.owner = entity.owner;
  }
  const versions = [
    ...new Set(instances.map(i => i.daprdVersion).filter(Boolean)),
  ];
  if (versions.length > 0) row.daprdVersion = versions.join(', ');
  if (instances.length > 0) {
    row.ready = instances.reduce((sum, i) => sum + (i.ready ?? 0), 0);
    row.desired = instances.reduce((sum, i) => sum + (i.desired ?? 0), 0);
  }
  return row;
}

/** Orders names as people read them (`app-2` before `app-10`). */
export const collator = new Intl.Collator('en', { numeric: true });

/** The distinct values, in `collator`'s order. */
export function uniqueSorted(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => !!v))].sort(
    collator.compare,
  );
}

/**
 * The page of sorted rows a query asks for (from `offset`, at most `limit` rows: default 100,
 * at most 500), with the count and every row (for a CSV export).
 */
export function pageOf<T>(
  sorted: T[],
  query: { offset?: number; limit?: number },
) {
  const offset = Math.max(0, query.offset ?? 0);
  const limit = Math.min(Math.max(1, query.limit ?? 100), 500);
  return {
    items: sorted.slice(offset, offset + limit),
    totalCount: sorted.length,
    offset,
    limit,
    all: sorted,
  };
}

const sorters: Record<FleetSortField, (a: FleetRow, b: FleetRow) => number> = {
  appId: (a, b) => collator.compare(a.appId, b.appId),
  cluster: (a, b) => collator.compare(a.cluster, b.cluster),
  namespace: (a, b) => collator.compare(a.namespace, b.namespace),
  owner: (a, b) => collator.compare(a.owner ?? '', b.owner ?? ''),
  score: (a, b) => a.score - b.score,
  findings: (a, b) => a.findings.length - b.findings.length,
};

function matches(
  row: FleetRow,
  query: FleetQuery,
  ignoreRule = false,
): boolean {
  const oneOf = (values: string[] | undefined, value: string | undefined) =>
    !values ||
    values.length === 0 ||
    (value !== undefined && values.includes(value));
  if (!oneOf(query.cluster, row.cluster)) return false;
  if (!oneOf(query.namespace, row.namespace)) return false;
  if (!oneOf(query.owner, row.owner)) return false;
  if (
    !ignoreRule &&
    query.rule?.length &&
    !row.findings.some(f => query.rule!.includes(f.ruleId))
  )
    return false;
  if (
    query.severity?.length &&
    !row.findings.some(f => query.severity!.includes(f.severity))
  )
    return false;
  if (query.q) {
    const needle = query.q.toLowerCase();
    const haystack = [
      row.appId,
      row.namespace,
      row.cluster,
      row.entityRef ?? '',
      row.owner ?? '',
    ];
    if (!haystack.some(text => text.toLowerCase().includes(needle)))
      return false;
  }
  return true;
}

/**
 * Counts findings by severity (those of the `ruleFilter`'s rules, when given) and by rule (all
 * of them, so that the counts can be used to switch rules), each rule at its worst severity.
 */
export function countFindings(
  findings: readonly Finding[],
  rules: readonly Rule[],
  ruleFilter: readonly string[] | undefined,
): { bySeverity: Record<Severity, number>; byRule: FleetRuleCount[] } {
  const bySeverity = Object.fromEntries(SEVERITIES.map(s => [s, 0])) as Record<
    Severity,
    number
  >;
  const byRule = new Map<string, FleetRuleCount>();
  const titles = new Map(rules.map(rule => [rule.id, rule.title]));
  for (const finding of findings) {
    if (!ruleFilter?.length || ruleFilter.includes(finding.ruleId))
      bySeverity[finding.severity] += 1;
    const entry = byRule.get(finding.ruleId) ?? {
      ruleId: finding.ruleId,
      title: titles.get(finding.ruleId) ?? finding.ruleId,
      severity: finding.severity,
      count: 0,
    };
    entry.count += 1;
    if (
      SEVERITIES.indexOf(finding.severity) < SEVERITIES.indexOf(entry.severity)
    )
      entry.severity = finding.severity;
    byRule.set(finding.ruleId, entry);
  }
  return {
    bySeverity,
    byRule: [...byRule.values()].sort(
      (a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId),
    ),
  };
}

/** Filters, sorts and pages the fleet; the summary counts the filtered rows' findings. */
export function queryFleet(
  rows: FleetRow[],
  query: FleetQuery,
  rules: readonly Rule[],
): Omit<FleetPage, 'observedAt' | 'indexVersion'> & { all: FleetRow[] } {
  const filtered = rows.filter(row => matches(row, query));
  const sorter = sorters[query.sort ?? 'appId'];
  const direction = query.order === 'desc' ? -1 : 1;
  const sorted = [...filtered].sort(
    (a, b) => direction * sorter(a, b) || collator.compare(a.key, b.key),
  );
  // The summary by rule ignores the rule filter, so that it can be used to switch rules.
  const { bySeverity, byRule } = countFindings(
    rows.filter(r => matches(r, query, true)).flatMap(row => row.findings),
    rules,
    query.rule,
  );
  return {
    ...pageOf(sorted, query),
    summary: {
      apps: filtered.length,
      bySeverity,
      byRule,
    },
    facets: {
      clusters: uniqueSorted(rows.map(r => r.cluster)),
      namespaces: uniqueSorted(rows.map(r => r.namespace)),
      owners: uniqueSorted(rows.map(r => r.owner)),
      rules: rules.map(rule => ({ id: rule.id, title: rule.title })),
    },
  };
}

type FleetResult = ReturnType<typeof queryFleet>;

/**
 * The answers of `queryFleet` for the same rows, kept per query (its filters and sort; the
 * page apart): a page request after the first of its query is a slice, O(page), instead of
 * filtering, sorting and counting every row of the fleet again. The rows change with the
 * index, and a new list of rows starts afresh.
 */
export class FleetQueryCache {
  private rows?: FleetRow[];
  private readonly results = new Map<string, FleetResult>();

  constructor(private readonly maxQueries = 32) {}

  query(
    rows: FleetRow[],
    query: FleetQuery,
    rules: readonly Rule[],
  ): FleetResult {
    if (rows !== this.rows) {
      this.rows = rows;
      this.results.clear();
    }
    const { offset: _offset, limit: _limit, ...filters } = query;
    const key = JSON.stringify(filters, Object.keys(filters).sort());
    let result = this.results.get(key);
    if (!result) {
      result = queryFleet(rows, filters, rules);
      if (this.results.size >= this.maxQueries)
        this.results.delete(this.results.keys().next().value as string);
      this.results.set(key, result);
    }
    return { ...result, ...pageOf(result.all, query) };
  }
}

/** The fleet as CSV, every cell safe to open in a spreadsheet. */
export function fleetCsv(rows: FleetRow[]): string {
  const header = [
    'cluster',
    'namespace',
    'appId',
    'entity',
    'owner',
    'runtime',
    'daprdVersion',
    'ready',
    'desired',
    'routes',
    'components',
    'score',
    'findings',
    'rules',
  ];
  return csvTable(
    header,
    rows.map(row => [
      row.cluster,
      row.namespace,
      row.appId,
      row.entityRef,
      row.owner,
      row.runtime,
      row.daprdVersion,
      row.ready,
      row.desired,
      row.routes,
      row.components,
      row.score,
      row.findings.length,
      [...new Set(row.findings.map(f => f.ruleId))].join(' '),
    ]),
  );
}
