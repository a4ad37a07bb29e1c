import { useEffect, useRef } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';
import type { DapriseSignal } from '@daprise/plugin-daprise-common';
import { useRefreshOnIndexChange } from './useRefreshOnIndexChange';

/**
 * How long after the view loaded it is reloaded once: the signals connection subscribes to
 * the channel only once its websocket is open, and a change in between would be missed
 * (seen in the browser test: the first change after a page load never arrived). One
 * reload is an If-None-Match request the backend answers 304 when nothing changed.
 */
const CATCH_UP_MS = 2_000;

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
  const caughtUp = useRef(false);
  useEffect(() => {
    if (!isSignalsAvailable || indexVersion === undefined || caughtUp.current)
      return undefined;
    const timer = setTimeout(() => {
      caughtUp.current = true;
      refreshRef.current();
    }, CATCH_UP_MS);
    return () => clearTimeout(timer);
  }, [isSignalsAvailable, indexVersion]);
  useRefreshOnIndexChange(
    isSignalsAvailable ? undefined : indexVersion,
    refresh,
  );
}
