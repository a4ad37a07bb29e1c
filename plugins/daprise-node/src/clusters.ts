import { Config } from '@backstage/config';

/**
 * A cluster that a Daprise backend module talks to, with the credential of its purpose.
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
 * What a caller of {@link resolveClusters} does on the clusters: `read` watches and lists
 * them (the Daprise backend) with the reader token; `scaffold` applies to them and dry-runs
 * (the scaffolder actions) with the scaffolder token, `daprise.clusters[].scaffolder.serviceAccountToken`.
 * @public
 */
export type DapriseClusterPurpose = 'read' | 'scaffold';

/**
 * A configured cluster that cannot be used for the purpose asked, with why and the fix.
 * @public
 */
export interface DapriseUnusableCluster {
  /** The cluster's name, as templates pick it. */
  name: string;
  /** A sentence naming the config key to set. */
  reason: string;
}

/**
 * The clusters of {@link resolveClusters}, in config order.
 * @public
 */
export interface DapriseResolvedClusters {
  /** The clusters usable for the purpose, each with that purpose's token. */
  clusters: DapriseClusterConfig[];
  /** Configured clusters without the credential of the purpose. */
  unusable: DapriseUnusableCluster[];
}

/** The key the scaffolder's clusters had before they joined `daprise.clusters`. */
const OLD_SCAFFOLDER_CLUSTERS_KEY = 'daprise.scaffolder.clusters';

/** A cluster as the config gives it, before the purpose picks its token. */
interface ClusterEntry {
  name: string;
  url?: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify?: boolean;
  scaffolderToken?: string;
  /** Where in `daprise.clusters` it is configured, e.g. `daprise.clusters[1]`; unset when only the Kubernetes plugin has it. */
  dapriseKey?: string;
}

/** The fields one cluster entry sets; an empty string (an unset environment variable) is unset. */
function readEntry(config: Config): ClusterEntry {
  const entry: ClusterEntry = { name: config.getString('name') };
  const url = config.getOptionalString('url');
  if (url) entry.url = url;
  const token = config.getOptionalString('serviceAccountToken');
  if (token) entry.serviceAccountToken = token;
  const caData = config.getOptionalString('caData');
  if (caData) entry.caData = caData;
  const skipTLSVerify = config.getOptionalBoolean('skipTLSVerify');
  if (skipTLSVerify !== undefined) entry.skipTLSVerify = skipTLSVerify;
  return entry;
}

/**
 * The Kubernetes plugin's clusters (`kubernetes.clusterLocatorMethods` of type `config`)
 * that authenticate with a service account: the only kind a backend task can use, since
 * the other auth providers act with the signed-in user's credentials.
 */
function readKubernetesPluginClusters(config: Config): ClusterEntry[] {
  const clusters: ClusterEntry[] = [];
  for (const method of config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  ) ?? []) {
    if (method.getString('type') !== 'config') continue;
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      const authProvider =
        cluster.getOptionalString('authProvider') ?? 'serviceAccount';
      if (authProvider === 'serviceAccount') clusters.push(readEntry(cluster));
    }
  }
  return clusters;
}

function withoutUndefined(entry: ClusterEntry): Partial<ClusterEntry> {
  return Object.fromEntries(
    Object.entries(entry).filter(([, value]) => value !== undefined),
  );
}

function scaffolderTokenMissing(entry: ClusterEntry): string {
  const where = entry.dapriseKey
    ? `set ${entry.dapriseKey}.scaffolder.serviceAccountToken`
    : `add { name: ${entry.name}, scaffolder: { serviceAccountToken } } to daprise.clusters`;
  return `cluster "${entry.name}" has no scaffolder token: ${where}, a token bound to the ClusterRole daprise-scaffolder (examples/rbac/daprise-scaffolder.yaml); the read token is never used to write`;
}

/**
 * The clusters a Daprise backend module works on: the Kubernetes plugin's service-account
 * clusters (unless `daprise.useKubernetesPluginClusters` is false), merged by name with
 * `daprise.clusters`, whose fields win; a cluster only `daprise.clusters` has is added.
 * For `read` each cluster has the reader token (`serviceAccountToken`); for `scaffold` the
 * scaffolder token (`scaffolder.serviceAccountToken`), and a cluster without one is unusable,
 * never given the reader token instead. Throws on configuration that can never work.
 * @public
 */
export function resolveClusters(
  config: Config,
  options: { purpose: DapriseClusterPurpose },
): DapriseResolvedClusters {
  if (config.has(OLD_SCAFFOLDER_CLUSTERS_KEY)) {
    throw new Error(
      `${OLD_SCAFFOLDER_CLUSTERS_KEY} is no longer read: list each cluster in daprise.clusters (name, url, caData, skipTLSVerify; those the Kubernetes plugin's cluster of the same name has may be left out) and move its token to daprise.clusters[].scaffolder.serviceAccountToken`,
    );
  }
  const useKubernetesPluginClusters =
    config.getOptionalBoolean('daprise.useKubernetesPluginClusters') ?? true;
  const byName = new Map<string, ClusterEntry>();
  if (useKubernetesPluginClusters) {
    for (const cluster of readKubernetesPluginClusters(config))
      byName.set(cluster.name, cluster);
  }
  const ownNames = new Set<string>();
  (config.getOptionalConfigArray('daprise.clusters') ?? []).forEach(
    (cluster, i) => {
      const dapriseKey = `daprise.clusters[${i}]`;
      const own: ClusterEntry = { ...readEntry(cluster), dapriseKey };
      const scaffolderToken = cluster.getOptionalString(
        'scaffolder.serviceAccountToken',
      );
      if (scaffolderToken) own.scaffolderToken = scaffolderToken;
      if (ownNames.has(own.name)) {
        throw new Error(
          `${dapriseKey}: cluster "${own.name}" is configured twice in daprise.clusters`,
        );
      }
      ownNames.add(own.name);
      byName.set(own.name, {
        ...byName.get(own.name),
        ...withoutUndefined(own),
      } as ClusterEntry);
    },
  );

  const resolved: DapriseResolvedClusters = { clusters: [], unusable: [] };
  for (const entry of byName.values()) {
    if (!entry.url) {
      throw new Error(
        `${entry.dapriseKey}.url is missing: cluster "${
          entry.name
        }" is not one of the Kubernetes plugin's clusters${
          useKubernetesPluginClusters
            ? ' (kubernetes.clusterLocatorMethods of type config, authProvider serviceAccount)'
            : ', which daprise.useKubernetesPluginClusters: false leaves out'
        }, so give its url`,
      );
    }
    const token =
      options.purpose === 'scaffold'
        ? entry.scaffolderToken
        : entry.serviceAccountToken;
    if (options.purpose === 'scaffold' && !token) {
      resolved.unusable.push({
        name: entry.name,
        reason: scaffolderTokenMissing(entry),
      });
      continue;
    }
    const cluster: DapriseClusterConfig = { name: entry.name, url: entry.url };
    if (token) cluster.serviceAccountToken = token;
    if (entry.caData) cluster.caData = entry.caData;
    if (entry.skipTLSVerify !== undefined)
      cluster.skipTLSVerify = entry.skipTLSVerify;
    resolved.clusters.push(cluster);
  }
  return resolved;
}
