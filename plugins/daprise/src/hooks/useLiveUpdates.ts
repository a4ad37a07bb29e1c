import { useEffect, useRef } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';
import type { DapriseSignal } from '@daprise/plugin-daprise-common';
import { useRefreshOnIndexChange } from './useRefreshOnIndexChange';

/**
 * Keeps a view up to date without a reload. With Backstage signals in the app, the backend
 * pushes a message on `channel` when what this view shows changes, and only then: a page
 * about one entity is not woken by changes elsewhere in the fleet. Without signals (a portal
 * without `@backstage/plugin-signals`), it long-polls the index version instead.
 *
 * @param channel - the view's signals channel (`dapriseEntityChannel(entityRef)` or
 *   `DAPRISE_FLEET_CHANNEL`).
 * @param indexVersion - the index version of the data on screen.
 * @param refresh - reloads the data.
 */
export function useLiveUpdates(
  channel: string,
  indexVersion: number | undefined,
  refresh: () => void,
): void {
  const { lastSignal, isSignalsAvailable } = useSignal<DapriseSignal>(channel);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const seen = useRef<DapriseSignal | null>(null);
  useEffect(() => {
    if (!lastSignal || lastSignal === seen.current) return;
    seen.current = lastSignal;
    // A message for a version at or below the one on screen says nothing new.
    if (indexVersion === undefined || lastSignal.indexVersion > indexVersion)
      refreshRef.current();
  }, [lastSignal, indexVersion]);
  useRefreshOnIndexChange(
    isSignalsAvailable ? undefined : indexVersion,
    refresh,
  );
}
