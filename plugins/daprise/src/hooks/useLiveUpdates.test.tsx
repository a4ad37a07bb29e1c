import type { ReactNode } from 'react';
import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { act, renderHook } from '@testing-library/react';
import { dapriseApiRef } from '../api';
import { mockDapriseApi } from '../__testUtils__/mockDapriseApi';
import { useLiveUpdates } from './useLiveUpdates';

/** A signals API that delivers what a test sends, per channel. */
function fakeSignals() {
  const listeners = new Map<string, Array<(message: any) => void>>();
  return {
    api: {
      subscribe(channel: string, onMessage: (message: any) => void) {
        listeners.set(channel, [...(listeners.get(channel) ?? []), onMessage]);
        return {
          unsubscribe: () =>
            listeners.set(
              channel,
              (listeners.get(channel) ?? []).filter(l => l !== onMessage),
            ),
        };
      },
    },
    send(channel: string, message: unknown) {
      act(() => {
        for (const listener of listeners.get(channel) ?? []) listener(message);
      });
    },
    channels: () =>
      [...listeners.entries()].filter(([, l]) => l.length).map(([c]) => c),
  };
}

async function flush() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  });
}

const CHANNEL = 'daprise:entity:component:default/orders';

describe('useLiveUpdates', () => {
  it('reloads when the backend signals a newer index on the view’s channel, and does not poll', async () => {
    const api = mockDapriseApi();
    const signals = fakeSignals();
    const refresh = jest.fn();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider
        apis={[
          [dapriseApiRef, api],
          [signalApiRef, signals.api],
        ]}
      >
        {children}
      </TestApiProvider>
    );
    renderHook(() => useLiveUpdates(CHANNEL, 3, refresh), { wrapper });
    await flush();
    expect(signals.channels()).toEqual([CHANNEL]);
    expect(api.waitForChanges).not.toHaveBeenCalled();

    signals.send(CHANNEL, { indexVersion: 2 });
    expect(refresh).not.toHaveBeenCalled();
    signals.send('daprise:entity:component:default/other', { indexVersion: 9 });
    expect(refresh).not.toHaveBeenCalled();
    signals.send(CHANNEL, { indexVersion: 5 });
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('reloads once, shortly after loading, for a change made before the channel was subscribed', async () => {
    jest.useFakeTimers();
    try {
      const api = mockDapriseApi();
      const signals = fakeSignals();
      const refresh = jest.fn();
      const wrapper = ({ children }: { children: ReactNode }) => (
        <TestApiProvider
          apis={[
            [dapriseApiRef, api],
            [signalApiRef, signals.api],
          ]}
        >
          {children}
        </TestApiProvider>
      );
      const { rerender } = renderHook(
        ({ version }: { version: number }) =>
          useLiveUpdates(CHANNEL, version, refresh),
        { wrapper, initialProps: { version: 3 } },
      );
      act(() => jest.advanceTimersByTime(1_000));
      expect(refresh).not.toHaveBeenCalled();
      act(() => jest.advanceTimersByTime(1_500));
      expect(refresh).toHaveBeenCalledTimes(1);
      // Only once: later versions come through the channel.
      rerender({ version: 4 });
      act(() => jest.advanceTimersByTime(10_000));
      expect(refresh).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('long-polls the index when the app has no signals', async () => {
    const api = mockDapriseApi();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[dapriseApiRef, api]]}>
        {children}
      </TestApiProvider>
    );
    renderHook(() => useLiveUpdates(CHANNEL, 3, jest.fn()), { wrapper });
    await flush();
    expect(api.waitForChanges).toHaveBeenCalledWith(3, {
      signal: expect.any(AbortSignal),
    });
  });
});
