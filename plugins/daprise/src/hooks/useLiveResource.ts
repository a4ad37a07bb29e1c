import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * The state of a resource that is loaded once and refreshed in place.
 */
export interface LiveResource<T> {
  /** The last value loaded; kept while refreshing and when a refresh fails. */
  value?: T;
  /** The error of the last load, if it failed. */
  error?: Error;
  loading: boolean;
  /** Loads again without dropping the current value. */
  refresh(): void;
}

interface State<T> {
  key: string;
  value?: T;
  error?: Error;
  loading: boolean;
}

/**
 * Loads a resource identified by `key` and reloads it on `refresh()` or when `key` changes.
 * Unlike `useAsync`, a refresh keeps the value on screen (no flash of a spinner) and a failed
 * refresh keeps the last good value next to the error.
 *
 * @param load - loads the resource; the signal aborts when the key changes or on unmount.
 * @param key - identifies what is loaded; a new key loads again.
 * @param options - `keepValueAcrossKeys` keeps the previous key's value while the new key
 *   loads (for paged tables); by default a new key starts empty.
 */
export function useLiveResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  key: string,
  options: { keepValueAcrossKeys?: boolean } = {},
): LiveResource<T> {
  const [state, setState] = useState<State<T>>({ key, loading: true });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const keepValueAcrossKeys = options.keepValueAcrossKeys ?? false;

  useEffect(() => {
    const abort = new AbortController();
    setState(previous =>
      previous.key === key || keepValueAcrossKeys
        ? { ...previous, key, loading: true }
        : { key, loading: true },
    );
    loadRef.current(abort.signal).then(
      value => {
        if (!abort.signal.aborted) setState({ key, value, loading: false });
      },
      error => {
        if (!abort.signal.aborted)
          setState(previous => ({
            ...previous,
            key,
            error: error instanceof Error ? error : new Error(String(error)),
            loading: false,
          }));
      },
    );
    return () => abort.abort();
  }, [key, generation, keepValueAcrossKeys]);

  const refresh = useCallback(() => setGeneration(g => g + 1), []);
  // Until the effect has run for a new key, the state still belongs to the previous one.
  const current: Omit<State<T>, 'key'> = state.key === key ||
  keepValueAcrossKeys
    ? state
    : { loading: true };
  return {
    value: current.value,
    error: current.error,
    loading: current.loading,
    refresh,
  };
}
