/**
 * Extension points and shared configuration readers of the Daprise backend modules.
 *
 * @packageDocumentation
 */
export {
  dapriseRulesExtensionPoint,
  type DapriseRulesExtensionPoint,
} from './extensions';
export {
  kubeConfigForCluster,
  readClusterConfig,
  readKubernetesPluginClusters,
  readRulesConfig,
  type DapriseClusterConfig,
} from './config';
