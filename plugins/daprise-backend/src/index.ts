/**
 * The Daprise backend plugin.
 *
 * @packageDocumentation
 */
export { dapriseBackendPlugin as default } from './plugin';
export { catalogModuleDapriseComponents } from './catalog/module';
export {
  DAPR_COMPONENT_RESOURCE_TYPE,
  DAPR_COMPONENT_TYPE_LABEL,
  DAPR_COMPONENT_ANNOTATION,
} from './catalog/componentEntities';
export { DAPRISE_INDEX_TOPIC } from './catalog/topics';
