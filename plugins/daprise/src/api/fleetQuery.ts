import {
  FLEET_SORT_FIELDS,
  SEVERITIES,
  type Severity,
} from '@daprise/plugin-daprise-common';
import type { FleetFilters, FleetQuery, FleetSortField } from './types';

const LIST_PARAMS = [
  'cluster',
  'namespace',
  'owner',
  'rule',
  'severity',
] as const;

/** The fleet page's default page size; not written to URLs. */
export const DEFAULT_FLEET_PAGE_SIZE = 25;

/** What every list query of the backend has: free text, sort order and paging. */
interface PagedQuery {
  q?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/**
 * Writes a query as URL query parameters, the way the backend reads them: the list filters
 * named in `lists` repeat (`severity=high&severity=critical`), empty values and the default
 * limit are left out.
 */
export function queryToSearchParams<Q extends PagedQuery>(
  query: Q,
  lists: ReadonlyArray<keyof Q>,
  options: { defaultLimit?: number } = {},
): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of lists) {
    for (const value of (query[name] as string[] | undefined) ?? [])
      if (value) params.append(String(name), value);
  }
  const q = query.q?.trim();
  if (q) params.set('q', q);
  if (query.sort) params.set('sort', query.sort);
  if (query.sort && query.order) params.set('order', query.order);
  if (query.offset) params.set('offset', String(query.offset));
  if (query.limit !== undefined && query.limit !== options.defaultLimit)
    params.set('limit', String(query.limit));
  return params;
}

/**
 * Writes a fleet query as URL query parameters, the way both the backend and the fleet page's
 * URL read them: list filters repeat (`severity=high&severity=critical`), empty values and
 * defaults are left out.
 */
export function fleetQueryToSearchParams(
  query: FleetQuery,
  options: { defaultLimit?: number } = {},
): URLSearchParams {
  return queryToSearchParams(query, LIST_PARAMS, options);
}

function nonNegativeInteger(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/**
 * Reads a fleet query from URL query parameters, ignoring what is not valid (a shared link
 * with a mistyped parameter still opens).
 */
export function parseFleetQuery(params: URLSearchParams): FleetQuery {
  const query: FleetQuery = {};
  for (const name of ['cluster', 'namespace', 'owner', 'rule'] as const) {
    const values = params.getAll(name).filter(Boolean);
    if (values.length > 0) query[name] = [...new Set(values)];
  }
  const severities = params
    .getAll('severity')
    .filter((s): s is Severity => SEVERITIES.includes(s as Severity));
  if (severities.length > 0) query.severity = [...new Set(severities)];
  const q = params.get('q')?.trim();
  if (q) query.q = q;
  const sort = params.get('sort');
  if (sort && FLEET_SORT_FIELDS.includes(sort as FleetSortField)) {
    query.sort = sort as FleetSortField;
    const order = params.get('order');
    if (order === 'asc' || order === 'desc') query.order = order;
  }
  const offset = nonNegativeInteger(params.get('offset'));
  if (offset) query.offset = offset;
  const limit = nonNegativeInteger(params.get('limit'));
  if (limit) query.limit = limit;
  return query;
}

/** The filters of a query, without sort order and paging (what the CSV export takes). */
export function fleetFiltersOf(query: FleetQuery): FleetFilters {
  const { cluster, namespace, owner, rule, severity, q } = query;
  return { cluster, namespace, owner, rule, severity, q };
}
