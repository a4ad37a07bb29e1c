/*
 * The Daprise portal's backend: the Backstage core plugins the demo needs, the
 * Kubernetes plugin (whose cluster config Daprise reuses), and the Daprise plugins.
 */
import { createBackend } from '@backstage/backend-defaults';
import { catalogModuleDapriseComponents } from '@daprise/plugin-daprise-backend';
import { catalogModuleFileLocations } from './modules/catalogFileLocations';
import { permissionModulePortalPolicy } from './modules/permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(catalogModuleFileLocations);

backend.add(import('@backstage/plugin-permission-backend'));
// Secure by default: who may read what is in modules/permissionPolicy.ts.
backend.add(permissionModulePortalPolicy);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@daprise/plugin-scaffolder-backend-module-daprise'));

backend.add(import('@backstage/plugin-kubernetes-backend'));

// Pushes Daprise's changes to the open pages that show them (channels per entity and fleet).
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@daprise/plugin-daprise-backend'));
// The fleet's Dapr Components as catalog Resources (daprise.catalog.components in config).
backend.add(catalogModuleDapriseComponents);

// Daprise's actions as MCP tools for AI assistants, at /api/mcp-actions/v1/daprise (see
// app-config.yaml, backend.actions and mcpActions).
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
