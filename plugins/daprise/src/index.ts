/**
 * Daprise frontend plugin: the Dapr card of catalog entities (Dapr Shared instance or sidecar,
 * components in scope, Gateway routes with their route maps, governance findings) and the Dapr
 * fleet page. The new frontend system's plugin is the default export of `/alpha`.
 *
 * @packageDocumentation
 */
export {
  daprisePlugin,
  DapriseFleetPage,
  DapriseRulesPage,
  EntityDapriseCard,
  EntityDapriseContent,
  DaprdVersionPickerFieldExtension,
  DaprNamespacePickerFieldExtension,
  DaprAppIdFieldExtension,
  DaprGatewayPickerFieldExtension,
  DaprComponentsPickerFieldExtension,
} from './plugin';
export type { DaprScaffolderFieldOptions } from './components/shared/scaffolderTarget';
export type { DaprAppIdFieldOptions } from './components/DaprAppIdField';
export {
  rootRouteRef as dapriseFleetRouteRef,
  rulesRouteRef as dapriseRulesRouteRef,
} from './routes';
export type { EntityDapriseCardProps } from './components/EntityDapriseCard';
export { DapriseIcon } from './components/DapriseIcon';
export { isDapriseAvailable } from '@daprise/plugin-daprise-common';
export { dapriseApiRef, DapriseClient } from './api';
export * from './api/types';
