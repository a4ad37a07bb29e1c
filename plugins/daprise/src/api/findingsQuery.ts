import { queryToSearchParams } from './fleetQuery';
import type { FindingsFilters, FindingsQuery } from './types';

/**
 * Writes a findings query as the backend's query parameters: list filters repeat, empty
 * values are left out.
 */
export function findingsQueryToSearchParams(
  query: FindingsQuery,
): URLSearchParams {
  const params = queryToSearchParams(query, [
    'cluster',
    'namespace',
    'kind',
    'rule',
    'severity',
  ]);
  if (query.apps) params.set('apps', query.apps);
  return params;
}

/** The filters of a findings query, without sort order and paging. */
export function findingsFiltersOf(query: FindingsQuery): FindingsFilters {
  const { cluster, namespace, kind, rule, severity, apps, q } = query;
  return { cluster, namespace, kind, rule, severity, apps, q };
}
