import type { ReactNode } from 'react';
import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook } from '@testing-library/react';
import { dapriseApiRef } from '../api';
import { mockDapriseApi, noChanges } from '../__testUtils__/mockDapriseApi';
import { useRefreshOnIndexChange } from './useRefreshOnIndexChange';

function setup(api: ReturnType<typeof mockDapriseApi>, indexVersion?: number) {
  const refresh = jest.fn();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[dapriseApiRef, api]]}>{children}</TestApiProvider>
  );
  const hook = renderHook(
    ({ version }: { version?: number }) =>
      useRefreshOnIndexChange(version, refresh, { retryDelayMs: 1_000 }),
    { wrapper, initialProps: { version: indexVersion } },
  );
  return { refresh, ...hook };
}

/** Lets pending promise callbacks run. */
async function flush() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  });
}

describe('useRefreshOnIndexChange', () => {
  afterEach(() => jest.useRealTimers());

  it('waits until the data on screen has an index version', async () => {
    const api = mockDapriseApi();
    const { rerender } = setup(api, undefined);
    await flush();
    expect(api.waitForChanges).not.toHaveBeenCalled();

    rerender({ version: 4 });
    await flush();
    expect(api.waitForChanges).toHaveBeenCalledWith(4, {
      signal: expect.any(AbortSignal),
    });
  });

  it('refreshes when the index moves on, and keeps polling from the new version', async () => {
    const api = mockDapriseApi({
      waitForChanges: jest
        .fn()
        .mockResolvedValueOnce({ indexVersion: 4 }) // timed out, nothing changed
        .mockResolvedValueOnce({ indexVersion: 6 })
        .mockImplementation(noChanges),
    });
    const { refresh } = setup(api, 4);
    await flush();

    expect(refresh).toHaveBeenCalledTimes(1);
    expect(api.waitForChanges.mock.calls.map(([after]) => after)).toEqual([
      4, 4, 6,
    ]);
  });

  it('refreshes when the backend restarted with a lower index version', async () => {
    const api = mockDapriseApi({
      waitForChanges: jest
        .fn()
        .mockResolvedValueOnce({ indexVersion: 1 })
        .mockImplementation(noChanges),
    });
    const { refresh } = setup(api, 40);
    await flush();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(api.waitForChanges).toHaveBeenLastCalledWith(1, expect.anything());
  });

  it('backs off while the backend cannot be reached', async () => {
    jest.useFakeTimers();
    const api = mockDapriseApi({
      waitForChanges: jest
        .fn()
        .mockRejectedValueOnce(new Error('502'))
        .mockRejectedValueOnce(new Error('502'))
        .mockResolvedValueOnce({ indexVersion: 5 })
        .mockImplementation(noChanges),
    });
    const { refresh } = setup(api, 4);
    await flush();
    expect(api.waitForChanges).toHaveBeenCalledTimes(1);

    // First retry after 1 s, the second after 2 s more.
    await act(async () => jest.advanceTimersByTime(999));
    expect(api.waitForChanges).toHaveBeenCalledTimes(1);
    await act(async () => jest.advanceTimersByTime(1));
    await flush();
    expect(api.waitForChanges).toHaveBeenCalledTimes(2);
    await act(async () => jest.advanceTimersByTime(1_999));
    await flush();
    expect(api.waitForChanges).toHaveBeenCalledTimes(2);
    await act(async () => jest.advanceTimersByTime(1));
    await flush();
    expect(api.waitForChanges).toHaveBeenCalledTimes(4);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('stops polling on unmount', async () => {
    const api = mockDapriseApi();
    const { unmount } = setup(api, 4);
    await flush();
    const [, options] = api.waitForChanges.mock.calls[0];
    expect(options?.signal?.aborted).toBe(false);

    unmount();
    expect(options?.signal?.aborted).toBe(true);
    await flush();
    expect(api.waitForChanges).toHaveBeenCalledTimes(1);
  });
});
