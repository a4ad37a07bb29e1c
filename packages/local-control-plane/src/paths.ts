import os from 'node:os';
import path from 'node:path';

/** The Kubernetes and etcd versions the local control plane runs. @public */
export const KUBERNETES_VERSION = 'v1.36.3';
/** @public */
export const ETCD_VERSION = 'v3.6.8';

/**
 * Where built binaries and generated CRDs live: outside the git tree, so a fresh
 * clone on a warm machine reuses them and nothing built is ever committed.
 */
export function cacheDir(): string {
  return (
    process.env.DAPRISE_CACHE ??
    path.join(
      process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
      'daprise',
    )
  );
}

/** The directory of this package (the Go modules live under `go/`). */
export function packageDir(): string {
  // Used from the repository checkout (tests, the demo, benchmarks), never from a build.
  // eslint-disable-next-line no-restricted-syntax
  return path.resolve(__dirname, '..');
}

/** The repository root, for examples/ when run from the workspace. */
export function repoRoot(): string {
  return path.resolve(packageDir(), '..', '..');
}
