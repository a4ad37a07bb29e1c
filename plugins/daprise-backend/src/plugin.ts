import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';

/** @public */
export const dapriseBackendPlugin = createBackendPlugin({
  pluginId: 'daprise',
  register(env) {
    env.registerInit({
      deps: { logger: coreServices.logger },
      async init({ logger }) {
        logger.info('Daprise backend loaded');
      },
    });
  },
});
