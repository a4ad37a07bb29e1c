import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';

/**
 * Lets the demo's scaffolder register the catalog-info.yaml it publishes to a local
 * directory (`daprise:catalog:register-local`), since the demo has no git host.
 * Anyone allowed to create catalog locations could then register any readable file:
 * a production portal publishes to a repository and keeps `url` locations only.
 */
export const catalogModuleFileLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'daprise-file-locations',
  register(env) {
    env.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});
