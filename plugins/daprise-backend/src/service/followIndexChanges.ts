import { LoggerService } from '@backstage/backend-plugin-api';
import { AppIndex } from '@daprise/plugin-daprise-common';
import { FleetIndex } from './fleetIndex';

/** At most one round of announcements per second: a relist rebuilds the index many times. */
const MIN_INTERVAL_MS = 1_000;

/** What changed between two index versions that were announced. */
export interface IndexChange {
  indexVersion: number;
  previous: AppIndex;
  current: AppIndex;
}

/**
 * Calls each listener with every new index version (and the index announced before it) until
 * aborted, at most once a second; a listener's failure is logged and does not stop the
 * others. Other plugins of the backend (the catalog module, through the events service) and
 * open pages (through signals) follow the index this way without polling it.
 */
export function followIndexChanges(options: {
  fleet: FleetIndex;
  logger: LoggerService;
  listeners: Array<(change: IndexChange) => Promise<void>>;
  minIntervalMs?: number;
}): AbortController {
  const { fleet, logger, listeners } = options;
  const stop = new AbortController();
  // Each wait gets a signal of its own, tied to `stop` and untied after: listeners added
  // to `stop` itself would pile up, one per wait, for the life of the backend.
  const untilStopped = async <T>(wait: (signal: AbortSignal) => Promise<T>) => {
    const round = new AbortController();
    const abort = () => round.abort();
    stop.signal.addEventListener('abort', abort);
    try {
      return await wait(round.signal);
    } finally {
      stop.signal.removeEventListener('abort', abort);
    }
  };
  const pause = (ms: number) =>
    untilStopped(
      signal =>
        new Promise<void>(resolve => {
          const timer = setTimeout(resolve, ms);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        }),
    );
  (async () => {
    let announced = fleet.indexVersion;
    let previous = fleet.index;
    while (!stop.signal.aborted) {
      const after = announced;
      const indexVersion = await untilStopped(signal =>
        fleet.waitForChange(after, 60_000, signal),
      );
      if (stop.signal.aborted || indexVersion <= announced) continue;
      const change = { indexVersion, previous, current: fleet.index };
      announced = indexVersion;
      previous = change.current;
      await Promise.all(
        listeners.map(listener =>
          listener(change).catch(error =>
            logger.warn(
              `Daprise: index version ${indexVersion} not announced: ${error}`,
            ),
          ),
        ),
      );
      await pause(options.minIntervalMs ?? MIN_INTERVAL_MS);
    }
  })();
  return stop;
}
