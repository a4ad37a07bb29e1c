import type { DapriseApi, DapriseRequestOptions } from '../api';

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
    getClusters: jest.fn(async () => ({ items: [] })),
    waitForChanges: jest.fn(noChanges),
    ...overrides,
  } as jest.Mocked<DapriseApi>;
}
