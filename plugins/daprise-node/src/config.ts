import { Config } from '@backstage/config';
import {
  RulesConfig,
  SEVERITIES,
  Severity,
} from '@daprise/plugin-daprise-common';
import { KubeConfig } from '@kubernetes/client-node';
import { DapriseClusterConfig } from './clusters';
import {
  KubernetesConnection,
  KubernetesConnectionOptions,
} from './kubernetes';

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
