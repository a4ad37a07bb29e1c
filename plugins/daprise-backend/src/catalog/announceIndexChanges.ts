import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { FleetIndex } from '../service/fleetIndex';
import { DAPRISE_INDEX_TOPIC } from './topics';

/** At most one announcement per second: a relist of a large cluster rebuilds many times. */
const MIN_INTERVAL_MS = 1_000;

/**
 * Publishes each new index version on `DAPRISE_INDEX_TOPIC` until aborted, so that other
 * plugins of the backend (the catalog module's entity provider) follow the index without
 * polling it.
 */
export function announceIndexChanges(options: {
  fleet: FleetIndex;
  events: EventsService;
  logger: LoggerService;
}): AbortController {
  const { fleet, events, logger } = options;
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
    let announced = 0;
    while (!stop.signal.aborted) {
      const after = announced;
      const indexVersion = await untilStopped(signal =>
        fleet.waitForChange(after, 60_000, signal),
      );
      if (stop.signal.aborted || indexVersion <= announced) continue;
      announced = indexVersion;
      await events
        .publish({ topic: DAPRISE_INDEX_TOPIC, eventPayload: { indexVersion } })
        .catch(error =>
          logger.warn(`Daprise: index change not announced: ${error}`),
        );
      await pause(MIN_INTERVAL_MS);
    }
  })();
  return stop;
}
