import { useApi } from '@backstage/core-plugin-api';
import { useEffect, useRef } from 'react';
import { dapriseApiRef } from '../api';

/** Options of {@link useRefreshOnIndexChange}. */
export interface RefreshOnIndexChangeOptions {
  /** Wait after a failed long poll, doubled on each further failure. Default 3 s. */
  retryDelayMs?: number;
  /** Longest wait between failed long polls. Default 60 s. */
  maxRetryDelayMs?: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Keeps a view up to date without a reload: long-polls the backend's `/changes` from the index
 * version the view was loaded at, and calls `refresh` whenever the index moves on. The loop
 * continues from the new version (a failed refresh does not stop it) and backs off when the
 * backend cannot be reached.
 *
 * @param indexVersion - the index version of the data on screen; nothing happens while undefined.
 * @param refresh - reloads the data.
 */
export function useRefreshOnIndexChange(
  indexVersion: number | undefined,
  refresh: () => void,
  options: RefreshOnIndexChangeOptions = {},
): void {
  const api = useApi(dapriseApiRef);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const retryDelayMs = options.retryDelayMs ?? 3_000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;

  useEffect(() => {
    if (indexVersion === undefined) return undefined;
    const abort = new AbortController();
    const { signal } = abort;
    (async () => {
      let after = indexVersion;
      let failures = 0;
      while (!signal.aborted) {
        try {
          const change = await api.waitForChanges(after, { signal });
          failures = 0;
          if (signal.aborted) return;
          // A lower version means the backend restarted with a new index: refresh as well.
          if (change.indexVersion !== after) {
            after = change.indexVersion;
            refreshRef.current();
          }
        } catch {
          if (signal.aborted) return;
          failures += 1;
          await sleep(
            Math.min(retryDelayMs * 2 ** (failures - 1), maxRetryDelayMs),
            signal,
          );
        }
      }
    })();
    return () => abort.abort();
  }, [api, indexVersion, retryDelayMs, maxRetryDelayMs]);
}
