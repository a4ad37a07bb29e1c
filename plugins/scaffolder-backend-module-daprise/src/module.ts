import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';

/** @public */
export const scaffolderModuleDaprise = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'daprise',
  register(env) {
    env.registerInit({
      deps: { logger: coreServices.logger },
      async init({ logger }) {
        logger.info('Daprise scaffolder actions loaded');
      },
    });
  },
});
