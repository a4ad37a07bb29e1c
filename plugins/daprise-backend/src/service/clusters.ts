import { Config } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';

/** A cluster the backend watches. */
export interface ClusterDefinition {
  name: string;
  url: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify?: boolean;
}

function readCluster(config: Config): ClusterDefinition {
  return {
    name: config.getString('name'),
    url: config.getString('url'),
    serviceAccountToken: config.getOptionalString('serviceAccountToken'),
    caData: config.getOptionalString('caData'),
    skipTLSVerify: config.getOptionalBoolean('skipTLSVerify'),
  };
}

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
    for (const method of config.getOptionalConfigArray(
      'kubernetes.clusterLocatorMethods',
    ) ?? []) {
      if (method.getString('type') !== 'config') continue;
      for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
        const authProvider =
          cluster.getOptionalString('authProvider') ?? 'serviceAccount';
        if (authProvider !== 'serviceAccount') {
          // Other providers act on behalf of the signed-in user; a shared index cannot.
          continue;
        }
        const definition = readCluster(cluster);
        byName.set(definition.name, definition);
      }
    }
  }
  for (const cluster of config.getOptionalConfigArray('daprise.clusters') ??
    []) {
    const definition = readCluster(cluster);
    byName.set(definition.name, definition);
  }
  return [...byName.values()];
}

/** A client-node KubeConfig for one cluster definition. */
export function kubeConfigFor(cluster: ClusterDefinition): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        skipTLSVerify: cluster.skipTLSVerify ?? false,
      },
    ],
    users: [{ name: 'daprise', token: cluster.serviceAccountToken }],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: 'daprise' }],
    currentContext: cluster.name,
  });
  return kc;
}
