import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  LocalControlPlane,
  mintServiceAccount,
} from '@daprise/local-control-plane';
import { parse, stringify } from 'yaml';

// The project's own commands run from the repository checkout, never from a build.
// eslint-disable-next-line no-restricted-syntax
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** A running portal: Backstage (frontend :3000, backend :7007) and, in the demo, the local control plane. */
export interface Portal {
  appUrl: string;
  backendUrl: string;
  controlPlane?: LocalControlPlane;
  stop(): Promise<void>;
}

type Log = (message: string) => void;

/** True when app-config.local.yaml points the portal at clusters of its own. */
function hasConfiguredCluster(): boolean {
  const local = path.join(repoRoot, 'app-config.local.yaml');
  if (!fs.existsSync(local)) return false;
  const config = parse(fs.readFileSync(local, 'utf8')) ?? {};
  const fromKubernetes = (config.kubernetes?.clusterLocatorMethods ?? []).some(
    (m: any) => (m.clusters ?? []).length > 0,
  );
  return fromKubernetes || (config.daprise?.clusters ?? []).length > 0;
}

/**
 * Starts the local control plane with examples/ applied, and writes the app-config
 * that points the Kubernetes plugin (and so Daprise) at it with a token of the
 * read-only ClusterRole from examples/rbac, and the scaffolder at it with the
 * scaffolder's own token.
 */
export async function startDemoCluster(
  log: Log,
): Promise<{ controlPlane: LocalControlPlane; configFile: string }> {
  log('daprise: starting the local control plane (kube-apiserver + etcd)');
  const controlPlane = await LocalControlPlane.start({ log });
  try {
    await controlPlane.apply(path.join(repoRoot, 'examples', 'rbac'));
    await controlPlane.apply(path.join(repoRoot, 'examples', 'cluster'));
    const admin = controlPlane.adminKubeConfig();
    const reader = await mintServiceAccount(admin, {
      name: 'daprise-reader',
      namespace: 'daprise-system',
    });
    const scaffolder = await mintServiceAccount(admin, {
      name: 'daprise-scaffolder',
      namespace: 'daprise-system',
    });
    const cluster = {
      name: 'local',
      url: controlPlane.server,
      caData: controlPlane.caData,
    };
    const configFile = path.join(controlPlane.dir, 'app-config.cluster.yaml');
    fs.writeFileSync(
      configFile,
      stringify({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  ...cluster,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: reader.token,
                  skipMetricsLookup: true,
                },
              ],
            },
          ],
        },
        daprise: {
          // The Kubernetes plugin's cluster of that name, with the scaffolder's own token for
          // writes (the reader token above is never used to write).
          clusters: [
            {
              name: cluster.name,
              scaffolder: { serviceAccountToken: scaffolder.token },
            },
          ],
          scaffolder: {
            // Services created from the template are published here and registered from
            // here: the demo has no git host. Removed with the local cluster.
            publishDirectory: path.join(controlPlane.dir, 'published'),
          },
        },
      }),
      { mode: 0o600 },
    );
    log(`daprise: local cluster ${controlPlane.server} holds examples/cluster`);
    return { controlPlane, configFile };
  } catch (e) {
    await controlPlane.stop();
    throw e;
  }
}

async function waitForUrl(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `Backstage exited (${child.exitCode}) before ${url} answered`,
      );
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

/**
 * The portal listens on fixed ports (3000 and 7007), so one runs at a time per machine: the
 * browser test files, which Jest runs in parallel workers, take turns (a second Backstage
 * on the same ports exits at once). A lock whose owner died is taken over.
 */
async function takePortalLock(log: Log): Promise<() => void> {
  const lockDir = path.join(os.tmpdir(), 'daprise-portal.lock');
  let waiting = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      const owner = Number(
        fs.readFileSync(path.join(lockDir, 'pid'), { flag: 'a+' }).toString() ||
          0,
      );
      let alive = false;
      try {
        if (owner) process.kill(owner, 0);
        alive = owner > 0;
      } catch {
        alive = false;
      }
      if (!alive) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!waiting) {
        log(`daprise: another portal (pid ${owner}) holds the ports; waiting`);
        waiting = true;
      }
      await new Promise(r => setTimeout(r, 1000));
    }
  }
  return () => fs.rmSync(lockDir, { recursive: true, force: true });
}

/** Starts the portal as the README's demo command does. */
export async function startPortal(
  options: { log?: Log; extraConfig?: string[] } = {},
): Promise<Portal> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const releaseLock = await takePortalLock(log);
  process.once('exit', releaseLock);
  const configs = ['app-config.yaml'];
  let controlPlane: LocalControlPlane | undefined;
  if (hasConfiguredCluster()) {
    log(
      'daprise: app-config.local.yaml configures clusters; not starting the local control plane',
    );
    configs.push('app-config.local.yaml');
  } else {
    const demo = await startDemoCluster(log).catch(e => {
      releaseLock();
      throw e;
    });
    controlPlane = demo.controlPlane;
    configs.push(demo.configFile);
  }
  configs.push(...(options.extraConfig ?? []));

  const args = [
    path.join(repoRoot, '.yarn', 'releases', 'yarn-4.13.0.cjs'),
    'backstage-cli',
    'repo',
    'start',
  ];
  for (const config of configs)
    args.push('--config', path.resolve(repoRoot, config));
  log(
    'daprise: starting Backstage (frontend http://localhost:3000, backend http://localhost:7007)',
  );
  // Its own process group, so that stopping it stops the frontend and backend it forks.
  const backstage = spawn(process.execPath, args, {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
    // NODE_ENV from a caller (Jest sets 'test') would make Rspack's browserslist lookup fail.
    env: {
      ...process.env,
      NODE_ENV: 'development',
      BROWSER: 'none',
      FORCE_COLOR: '0',
    },
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (backstage.exitCode === null) {
      const exited = new Promise(resolve => backstage.once('exit', resolve));
      try {
        process.kill(-backstage.pid!, 'SIGINT');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-backstage.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    await controlPlane?.stop();
    releaseLock();
  };
  process.once('exit', () => {
    try {
      process.kill(-backstage.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    controlPlane?.killNow();
  });
  try {
    await waitForUrl(
      'http://localhost:7007/.backstage/health/v1/readiness',
      backstage,
      10 * 60_000,
    );
    await waitForUrl('http://localhost:3000', backstage, 10 * 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    appUrl: 'http://localhost:3000',
    backendUrl: 'http://localhost:7007',
    controlPlane,
    stop,
  };
}
