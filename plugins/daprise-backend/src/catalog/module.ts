import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { DapriseComponentProvider } from './DapriseComponentProvider';

const CONFIG_KEY = 'daprise.catalog.components';

/**
 * A catalog module that puts the fleet's Dapr Components into the catalog as `Resource`
 * entities (type `dapr-component`) that the apps' entities depend on, when
 * `daprise.catalog.components.enabled` is true. It reads them from the Daprise backend
 * plugin, which must run in the same backend.
 * @public
 */
export const catalogModuleDapriseComponents = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'daprise-components',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        events: eventsServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        discovery,
        auth,
        lifecycle,
        events,
      }) {
        const settings = config.getOptionalConfig(CONFIG_KEY);
        if (!settings?.getOptionalBoolean('enabled')) {
          logger.info(
            `Daprise: Dapr Components are not put into the catalog (${CONFIG_KEY}.enabled is not true)`,
          );
          return;
        }
        const schedule = settings.has('schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              settings.getConfig('schedule'),
            )
          : {
              frequency: { minutes: 30 },
              timeout: { minutes: 3 },
              initialDelay: { seconds: 15 },
            };
        const provider = new DapriseComponentProvider({
          discovery,
          auth,
          logger,
          events,
          schedule: scheduler.createScheduledTaskRunner(schedule),
        });
        catalog.addEntityProvider(provider);
        lifecycle.addShutdownHook(() => provider.stop());
      },
    });
  },
});
