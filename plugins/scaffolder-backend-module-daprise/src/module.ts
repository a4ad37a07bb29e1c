import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { dapriseClusterApplyPermission } from '@daprise/plugin-daprise-common';
import {
  dapriseApplyTargetResourceRef,
  dapriseApplyTargetRules,
  getApplyTargets,
} from '@daprise/plugin-daprise-node';
import {
  createDapriseCatalogRegisterLocalAction,
  createDapriseClusterApplyAction,
  createDapriseClusterValidateAction,
  createDapriseServiceRenderAction,
} from './actions';
import { createPreviewDaprServiceAction } from './actions/previewDaprService';
import { readDapriseScaffolderSettings } from './lib/settings';

/**
 * Adds the `daprise:*` actions to the scaffolder: render a service on Dapr Shared behind the
 * Cilium Gateway, validate it against a cluster, apply it, and register it in the catalog; and
 * the `preview-dapr-service` action of the actions registry, which previews a service with
 * nothing applied.
 * @public
 */
export const scaffolderModuleDaprise = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'daprise',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        scaffolder,
        config,
        logger,
        permissions,
        permissionsRegistry,
        catalog,
        auth,
        actionsRegistry,
      }) {
        const settings = readDapriseScaffolderSettings(config);
        // The scaffolder plugin is the one that authorizes this permission, so it declares it,
        // with its resource (a namespace of a cluster) and the rules a policy may put on it:
        // the permission backend asks this plugin to evaluate a conditional decision.
        permissionsRegistry.addResourceType({
          resourceRef: dapriseApplyTargetResourceRef,
          permissions: [dapriseClusterApplyPermission],
          rules: Object.values(dapriseApplyTargetRules),
          getResources: getApplyTargets,
        });
        scaffolder.addActions(
          createDapriseServiceRenderAction({ settings }),
          createDapriseClusterValidateAction({ settings }),
          createDapriseClusterApplyAction({ settings, permissions }),
          createDapriseCatalogRegisterLocalAction({ settings, catalog, auth }),
        );
        // For assistants (served over MCP by @backstage/plugin-mcp-actions-backend), as
        // `scaffolder:preview-dapr-service`: the template's checks, applying nothing.
        createPreviewDaprServiceAction({
          actionsRegistry,
          settings,
          permissions,
          logger,
        });
        logger.info(
          settings.clusters.length > 0
            ? `Daprise scaffolder actions: clusters ${settings.clusters
                .map(c => c.name)
                .join(', ')}`
            : 'Daprise scaffolder actions: no cluster usable; daprise:service:render works, validate and apply will fail until a cluster of daprise.clusters has scaffolder.serviceAccountToken',
        );
        for (const cluster of settings.unusableClusters) {
          logger.warn(`Daprise scaffolder actions: ${cluster.reason}`);
        }
      },
    });
  },
});
