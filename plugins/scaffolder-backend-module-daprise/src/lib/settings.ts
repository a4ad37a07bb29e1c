import path from 'node:path';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { z } from 'zod';
import type { RulesConfig } from '@daprise/plugin-daprise-common';
import {
  DapriseClusterConfig,
  DapriseUnusableCluster,
  KubernetesConnection,
  kubernetesConnectionFor,
  readRulesConfig,
  resolveClusters,
} from '@daprise/plugin-daprise-node';

/**
 * A cluster the scaffolder actions may talk to, with the scaffolder's token.
 * @public
 */
export type ScaffolderCluster = DapriseClusterConfig;

/**
 * The module's configuration, read once at start-up.
 * @public
 */
export interface DapriseScaffolderSettings {
  /**
   * The clusters of `daprise.clusters` and the Kubernetes plugin that have a scaffolder token
   * (`daprise.clusters[].scaffolder.serviceAccountToken`), with that token.
   */
  clusters: ScaffolderCluster[];
  /** The other configured clusters: picking one fails with the reason, which names the fix. */
  unusableClusters: DapriseUnusableCluster[];
  defaultCluster?: string;
  /** `daprise.rules`: the same rule settings the Daprise backend judges live apps by. */
  rulesConfig: RulesConfig;
  /** Absolute path of `daprise.scaffolder.publishDirectory`, when set. */
  publishDirectory?: string;
  /**
   * `daprise.scaffolder.allowKubernetesSecretStore` (default false): whether a service may have a
   * `secretstores.kubernetes` component, for which render grants its Dapr Shared service account
   * a Role that reads the namespace's Secrets.
   */
  allowKubernetesSecretStore: boolean;
}

/** The config key of {@link DapriseScaffolderSettings.allowKubernetesSecretStore}. */
export const ALLOW_KUBERNETES_SECRET_STORE_KEY =
  'daprise.scaffolder.allowKubernetesSecretStore';

/** Read with zod rather than a typed getter, so a wrong value names the key and the fix. */
const allowKubernetesSecretStoreSchema = z.union(
  [
    z.boolean(),
    // As an environment variable substitutes it.
    z.enum(['true', 'false']).transform(value => value === 'true'),
  ],
  {
    errorMap: () => ({
      message: `${ALLOW_KUBERNETES_SECRET_STORE_KEY} must be true or false`,
    }),
  },
);

/**
 * Reads the module's configuration. Throws on configuration that can never work (a default
 * cluster that is not configured), so the backend fails at start-up rather than mid-template.
 * @public
 */
export function readDapriseScaffolderSettings(
  config: Config,
): DapriseScaffolderSettings {
  const { clusters, unusable } = resolveClusters(config, {
    purpose: 'scaffold',
  });
  const defaultCluster = config.getOptionalString(
    'daprise.scaffolder.defaultCluster',
  );
  if (defaultCluster !== undefined) {
    const unusableDefault = unusable.find(c => c.name === defaultCluster);
    if (unusableDefault) {
      throw new Error(
        `daprise.scaffolder.defaultCluster is "${defaultCluster}", which the scaffolder cannot use: ${unusableDefault.reason}`,
      );
    }
    if (!clusters.some(c => c.name === defaultCluster)) {
      throw new Error(
        `daprise.scaffolder.defaultCluster is "${defaultCluster}", but no cluster of that name is configured (configured: ${
          clusters.map(c => c.name).join(', ') || 'none'
        })`,
      );
    }
  }
  const publishDirectory = config.getOptionalString(
    'daprise.scaffolder.publishDirectory',
  );
  const allowKubernetesSecretStore = allowKubernetesSecretStoreSchema
    .optional()
    .safeParse(config.getOptional(ALLOW_KUBERNETES_SECRET_STORE_KEY));
  if (!allowKubernetesSecretStore.success) {
    throw new Error(
      `${
        allowKubernetesSecretStore.error.issues[0].message
      }, not ${JSON.stringify(
        config.getOptional(ALLOW_KUBERNETES_SECRET_STORE_KEY),
      )}`,
    );
  }
  return {
    allowKubernetesSecretStore: allowKubernetesSecretStore.data ?? false,
    clusters,
    unusableClusters: unusable,
    defaultCluster,
    rulesConfig: readRulesConfig(config),
    publishDirectory: publishDirectory
      ? path.resolve(publishDirectory)
      : undefined,
  };
}

/**
 * The cluster an action works on: the one named in its input, else the configured default, else
 * the first usable. Undefined when no cluster is usable and none is named. A named cluster
 * without a scaffolder token fails with the fix; its read token is never used instead.
 */
export function selectCluster(
  settings: DapriseScaffolderSettings,
  name: string | undefined,
): ScaffolderCluster | undefined {
  if (name) {
    const cluster = settings.clusters.find(c => c.name === name);
    if (cluster) return cluster;
    const unusable = settings.unusableClusters.find(c => c.name === name);
    if (unusable) throw new InputError(`cluster: ${unusable.reason}`);
    throw new InputError(
      `cluster: no cluster named "${name}" is configured (configured: ${
        settings.clusters.map(c => c.name).join(', ') || 'none'
      }) — use one of those names, or add the cluster to daprise.clusters with its scaffolder.serviceAccountToken`,
    );
  }
  const wanted = settings.defaultCluster ?? settings.clusters[0]?.name;
  return settings.clusters.find(c => c.name === wanted);
}

/** Like `selectCluster`, for actions that cannot work without a cluster. */
export function requireCluster(
  settings: DapriseScaffolderSettings,
  name: string | undefined,
): ScaffolderCluster {
  const cluster = selectCluster(settings, name);
  if (!cluster) {
    throw new InputError(
      settings.unusableClusters.length > 0
        ? `cluster: no cluster is usable by the scaffolder — ${settings.unusableClusters
            .map(c => c.reason)
            .join('; ')}`
        : 'cluster: no cluster is configured — add one to daprise.clusters (name, url, caData, scaffolder.serviceAccountToken)',
    );
  }
  return cluster;
}

/** The connection to a configured cluster, for one action run. */
export function connectionFor(
  cluster: ScaffolderCluster,
): KubernetesConnection {
  return kubernetesConnectionFor(cluster, {
    user: 'daprise-scaffolder',
    timeoutMs: 30_000,
  });
}
