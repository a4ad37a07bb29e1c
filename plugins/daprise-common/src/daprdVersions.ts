import type { ClusterStatus } from './api';
import { compareVersions } from './model/appIndex';

/**
 * The daprd version a new service gets when nothing else is chosen: the newest Dapr release
 * Daprise is tested against (its local control plane's CRD set of today, Dapr v1.18.3).
 * @public
 */
export const DEFAULT_DAPRD_VERSION = '1.18.3';

/**
 * The daprd versions offered when the fleet's control planes cannot be read (no cluster
 * indexed yet, or a user who may not read the fleet), newest first: the two Dapr generations
 * Daprise's CRD sets and tests cover. Dapr supports the current and the two previous minor
 * releases ("Supported runtime and SDK releases", docs.dapr.io), so a fleet may run others;
 * those come from the clusters.
 * @public
 */
export const FALLBACK_DAPRD_VERSIONS: readonly string[] = [
  DEFAULT_DAPRD_VERSION,
  '1.16.5',
];

const RELEASE = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/**
 * The daprd versions a new service may pin, newest first: the versions the fleet's Dapr
 * control planes run (from `GET /clusters`), each once; the fallback versions when no
 * cluster reports one. A service's daprd should match its cluster's control plane, so the
 * fleet's versions are the useful choices.
 * @public
 */
export function daprdVersionChoices(
  clusters: ReadonlyArray<Pick<ClusterStatus, 'controlPlane'>>,
  fallback: readonly string[] = FALLBACK_DAPRD_VERSIONS,
): string[] {
  const running = new Set<string>();
  // A tag such as `latest` or `edge` names no release a service could pin.
  for (const cluster of clusters)
    for (const service of cluster.controlPlane?.services ?? [])
      if (service.version && RELEASE.test(service.version))
        running.add(service.version);
  const versions = running.size > 0 ? [...running] : [...fallback];
  return [...new Set(versions)].sort((a, b) => compareVersions(b, a));
}
