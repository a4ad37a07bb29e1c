/**
 * Extension points of the Daprise backend, for backend modules that add to it.
 *
 * @packageDocumentation
 */
export {
  dapriseRulesExtensionPoint,
  type DapriseRulesExtensionPoint,
} from './extensions';
