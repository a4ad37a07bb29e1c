import path from 'node:path';
import { LocalControlPlane } from '../controlPlane';
import { repoRoot } from '../paths';
import { CONNECTION_ENV } from '../testing';

/**
 * Starts one control plane for the whole Jest run. With `backstage-cli repo test`
 * every package is a Jest project and each project's global set-up runs in the same
 * parent process, so the first starts it and the others share it (reference-counted).
 */
const shared = globalThis as typeof globalThis & {
  __dapriseControlPlane?: { cp: LocalControlPlane; users: number };
};

export default async function globalSetup() {
  if (!shared.__dapriseControlPlane) {
    const cp = await LocalControlPlane.start();
    // The reference topology is a read-only fixture for every suite; tests that
    // change the cluster do so in namespaces of their own.
    await cp.apply(path.join(repoRoot(), 'examples', 'rbac'));
    await cp.apply(path.join(repoRoot(), 'examples', 'cluster'));
    shared.__dapriseControlPlane = { cp, users: 0 };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        cp.killNow();
        process.exit(130);
      });
    }
    process.env[CONNECTION_ENV] = JSON.stringify(cp.connection());
  }
  shared.__dapriseControlPlane.users += 1;
}
