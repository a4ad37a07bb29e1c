import { SignalsService } from '@backstage/plugin-signals-node';
import {
  DAPRISE_FLEET_CHANNEL,
  dapriseEntityChannel,
  DapriseSignal,
} from '@daprise/plugin-daprise-common';
import { CatalogApps } from './catalogApps';
import { changedAppViews } from './changedEntities';
import type { IndexChange } from './followIndexChanges';

/**
 * Publishes an index change with Backstage signals: on the fleet's channel always, and on
 * the channel of each entity whose Dapr view changed, so that a page reloads only when what
 * it shows changed. The message is the index version alone (a broadcast: whoever listens to
 * a channel learns that something changed, never what); the page reloads through the REST
 * API, under its permission.
 */
export function signalChanges(options: {
  signals: SignalsService;
  catalogApps: CatalogApps;
}) {
  const { signals, catalogApps } = options;
  return async ({ indexVersion, previous, current }: IndexChange) => {
    const message: DapriseSignal = { indexVersion };
    const entityRefs = new Set<string>();
    for (const view of changedAppViews(previous, current)) {
      const app = catalogApps.lookup(view);
      if (app) entityRefs.add(app.entityRef);
    }
    await Promise.all([
      signals.publish({
        recipients: { type: 'broadcast' },
        channel: DAPRISE_FLEET_CHANNEL,
        message,
      }),
      ...[...entityRefs].map(entityRef =>
        signals.publish({
          recipients: { type: 'broadcast' },
          channel: dapriseEntityChannel(entityRef),
          message,
        }),
      ),
    ]);
  };
}
