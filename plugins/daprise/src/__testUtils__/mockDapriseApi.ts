import type { DapriseApi, DapriseRequestOptions, FindingsPage } from '../api';

/**
 * Never resolves until aborted, like a long poll during which nothing changes.
 */
export function noChanges(
  _after: number,
  options?: DapriseRequestOptions,
): Promise<{ indexVersion: number }> {
  return new Promise((_resolve, reject) => {
    options?.signal?.addEventListener('abort', () =>
      reject(new DOMException('Aborted', 'AbortError')),
    );
  });
}

/** A DapriseApi of jest mocks; the long poll reports no change unless told otherwise. */
export function mockDapriseApi(
  overrides: { [K in keyof DapriseApi]?: jest.Mock } = {},
): jest.Mocked<DapriseApi> {
  return {
    getEntityView: jest.fn(),
    getFleet: jest.fn(),
    getFleetCsv: jest.fn(),
    getFindings: jest.fn(async () => emptyFindingsPage()),
    getFindingsCsv: jest.fn(),
    getRules: jest.fn(async () => ({ items: [] })),
    getClusters: jest.fn(async () => ({ items: [] })),
    waitForChanges: jest.fn(noChanges),
    getScaffolderNamespaces: jest.fn(async () => ({ items: [], clusters: [] })),
    getScaffolderGateways: jest.fn(async () => ({ items: [] })),
    checkAppId: jest.fn(),
    ...overrides,
  } as jest.Mocked<DapriseApi>;
}

/** A page of object findings: `items` (default none) as the backend would page them. */
export function emptyFindingsPage(
  overrides: Partial<FindingsPage> = {},
): FindingsPage {
  return {
    items: [],
    totalCount: overrides.items?.length ?? 0,
    offset: 0,
    limit: 25,
    summary: {
      findings: overrides.items?.length ?? 0,
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      byRule: [],
    },
    facets: { clusters: [], namespaces: [], kinds: [], rules: [] },
    observedAt: '2026-11-25T07:00:00.000Z',
    indexVersion: 1,
    ...overrides,
  };
}
