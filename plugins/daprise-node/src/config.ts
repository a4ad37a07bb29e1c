import { Config } from '@backstage/config';
import {
  RulesConfig,
  SEVERITIES,
  Severity,
} from '@daprise/plugin-daprise-common';
import { KubeConfig } from '@kubernetes/client-node';
import {
  KubernetesConnection,
  KubernetesConnectionOptions,
} from './kubernetes';

/**
 * A cluster that a Daprise backend module talks to with a token of its own.
 * @public
 */
export interface DapriseClusterConfig {
  name: string;
  url: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify?: boolean;
}

/**
 * Reads one cluster entry (`name`, `url`, `serviceAccountToken`, `caData`, `skipTLSVerify`).
 * @public
 */
export function readClusterConfig(config: Config): DapriseClusterConfig {
  const cluster: DapriseClusterConfig = {
    name: config.getString('name'),
    url: config.getString('url'),
  };
  const token = config.getOptionalString('serviceAccountToken');
  if (token) cluster.serviceAccountToken = token;
  const caData = config.getOptionalString('caData');
  if (caData) cluster.caData = caData;
  const skipTLSVerify = config.getOptionalBoolean('skipTLSVerify');
  if (skipTLSVerify !== undefined) cluster.skipTLSVerify = skipTLSVerify;
  return cluster;
}

/**
 * The Kubernetes plugin's clusters (`kubernetes.clusterLocatorMethods` of type `config`)
 * that authenticate with a service account: the only kind a backend task can use, since
 * the other auth providers act with the signed-in user's credentials.
 * @public
 */
export function readKubernetesPluginClusters(
  config: Config,
): DapriseClusterConfig[] {
  const clusters: DapriseClusterConfig[] = [];
  for (const method of config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  ) ?? []) {
    if (method.getString('type') !== 'config') continue;
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      const authProvider =
        cluster.getOptionalString('authProvider') ?? 'serviceAccount';
      if (authProvider === 'serviceAccount')
        clusters.push(readClusterConfig(cluster));
    }
  }
  return clusters;
}

/**
 * A client-node KubeConfig for one cluster, authenticating with its token.
 * @public
 */
export function kubeConfigForCluster(
  cluster: DapriseClusterConfig,
  user = 'daprise',
): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        skipTLSVerify: cluster.skipTLSVerify ?? false,
      },
    ],
    users: [{ name: user, token: cluster.serviceAccountToken }],
    contexts: [{ name: cluster.name, cluster: cluster.name, user }],
    currentContext: cluster.name,
  });
  return kubeConfig;
}

/**
 * The connection to one configured cluster.
 * @public
 */
export function kubernetesConnectionFor(
  cluster: DapriseClusterConfig,
  options: KubernetesConnectionOptions & { user?: string } = {},
): KubernetesConnection {
  const { user, ...connectionOptions } = options;
  return new KubernetesConnection(
    kubeConfigForCluster(cluster, user),
    connectionOptions,
  );
}

/**
 * Reads `daprise.rules`: per rule id, enabled, severity and weight. The backend judges
 * live apps and the scaffolder judges new services by the same settings.
 * @public
 */
export function readRulesConfig(config: Config): RulesConfig {
  const rules = config.getOptionalConfig('daprise.rules');
  const result: RulesConfig = {};
  for (const id of rules?.keys() ?? []) {
    const rule = rules!.getConfig(id);
    const severity = rule.getOptionalString('severity');
    if (severity !== undefined && !SEVERITIES.includes(severity as Severity)) {
      throw new Error(
        `daprise.rules.${id}.severity is "${severity}"; use one of ${SEVERITIES.join(
          ', ',
        )}`,
      );
    }
    result[id] = {
      enabled: rule.getOptionalBoolean('enabled'),
      severity: severity as Severity | undefined,
      weight: rule.getOptionalNumber('weight'),
    };
  }
  return result;
}
