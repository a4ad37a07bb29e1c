import { Config } from '@backstage/config';
import {
  DapriseClusterConfig,
  readClusterConfig,
  readKubernetesPluginClusters,
} from '@daprise/plugin-daprise-node';

/** A cluster the backend watches. */
export type ClusterDefinition = DapriseClusterConfig;

/**
 * The clusters of `kubernetes.clusterLocatorMethods` (type `config`), as the Kubernetes
 * plugin declares them, then `daprise.clusters` adding to them or overriding by name.
 */
export function readClusterDefinitions(config: Config): ClusterDefinition[] {
  const byName = new Map<string, ClusterDefinition>();
  if (
    config.getOptionalBoolean('daprise.useKubernetesPluginClusters') ??
    true
  ) {
    for (const cluster of readKubernetesPluginClusters(config))
      byName.set(cluster.name, cluster);
  }
  for (const cluster of config.getOptionalConfigArray('daprise.clusters') ??
    []) {
    const definition = readClusterConfig(cluster);
    byName.set(definition.name, definition);
  }
  return [...byName.values()];
}
