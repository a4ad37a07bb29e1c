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

/**
 * A running portal: Backstage (frontend :3000, backend :7007) and, in the demo, the local
 * control plane (and the staging one, when asked for).
 */
export interface Portal {
  appUrl: string;
  backendUrl: string;
  controlPlane?: LocalControlPlane;
  stagingControlPlane?: LocalControlPlane;
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

/** The demo's local clusters: their names in the portal and the examples/ folders each holds. */
const DEMO_CLUSTERS = {
  local: ['rbac', 'cluster'],
  staging: ['rbac', 'staging'],
} as const;

type DemoClusterName = keyof typeof DEMO_CLUSTERS;

/** Starts one local control plane and applies its examples/ folders. */
async function startExampleCluster(
  name: DemoClusterName,
  log: Log,
): Promise<LocalControlPlane> {
  const controlPlane = await LocalControlPlane.start({
    log: m => log(`${m} (${name})`),
  });
  try {
    for (const folder of DEMO_CLUSTERS[name])
      await controlPlane.apply(path.join(repoRoot, 'examples', folder));
    log(
      `daprise: cluster ${name} (${
        controlPlane.server
      }) holds examples/${DEMO_CLUSTERS[name].join(' and examples/')}`,
    );
    return controlPlane;
  } catch (e) {
    await controlPlane.stop();
    throw e;
  }
}

/**
 * Starts the local control plane with examples/ applied and, with `staging`, a second one
 * (`staging`, with examples/staging: the fleet where every rule fires), each with its own ports
 * and temp dir. Writes the app-config that points the Kubernetes plugin (and so Daprise) at
 * them with a token of the read-only ClusterRole from examples/rbac, and the scaffolder at the
 * local cluster with the scaffolder's own token.
 */
export async function startDemoCluster(
  log: Log,
  options: { staging?: boolean } = {},
): Promise<{
  controlPlane: LocalControlPlane;
  staging?: LocalControlPlane;
  configFile: string;
}> {
  log(
    `daprise: starting the local control plane${
      options.staging ? 's local and staging' : ''
    } (kube-apiserver + etcd)`,
  );
  const names: DemoClusterName[] = options.staging
    ? ['local', 'staging']
    : ['local'];
  // One after the other: a cold cache is built once, by the first.
  const running: LocalControlPlane[] = [];
  try {
    for (const name of names)
      running.push(await startExampleCluster(name, log));
  } catch (e) {
    await Promise.all(running.map(cp => cp.stop()));
    throw e;
  }
  const [controlPlane, staging] = running;
  try {
    const readerOf = async (cp: LocalControlPlane, name: string) => {
      const reader = await mintServiceAccount(cp.adminKubeConfig(), {
        name: 'daprise-reader',
        namespace: 'daprise-system',
      });
      return {
        name,
        url: cp.server,
        caData: cp.caData,
        authProvider: 'serviceAccount',
        serviceAccountToken: reader.token,
        skipMetricsLookup: true,
      };
    };
    const scaffolder = await mintServiceAccount(
      controlPlane.adminKubeConfig(),
      { name: 'daprise-scaffolder', namespace: 'daprise-system' },
    );
    const configFile = path.join(controlPlane.dir, 'app-config.cluster.yaml');
    fs.writeFileSync(
      configFile,
      stringify({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                await readerOf(controlPlane, 'local'),
                ...(staging ? [await readerOf(staging, 'staging')] : []),
              ],
            },
          ],
        },
        daprise: {
          // The Kubernetes plugin's cluster of that name, with the scaffolder's own token for
          // writes (the reader token above is never used to write).
          clusters: [
            {
              name: 'local',
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
    return { controlPlane, staging, configFile };
  } catch (e) {
    await Promise.all(running.map(cp => cp.stop()));
    throw e;
  }
}

/** Waits until `url` answers 2xx, failing early when `child` exits first. */
export async function waitForUrl(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
) {
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
  options: {
    log?: Log;
    extraConfig?: string[];
    /** Also start the second cluster, `staging`, with examples/staging (as the demo does). */
    staging?: boolean;
  } = {},
): Promise<Portal> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const releaseLock = await takePortalLock(log);
  process.once('exit', releaseLock);
  const configs = ['app-config.yaml'];
  let controlPlane: LocalControlPlane | undefined;
  let stagingControlPlane: LocalControlPlane | undefined;
  if (hasConfiguredCluster()) {
    log(
      'daprise: app-config.local.yaml configures clusters; not starting the local control plane',
    );
    configs.push('app-config.local.yaml');
  } else {
    const demo = await startDemoCluster(log, {
      staging: options.staging,
    }).catch(e => {
      releaseLock();
      throw e;
    });
    controlPlane = demo.controlPlane;
    stagingControlPlane = demo.staging;
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
    await Promise.all([controlPlane?.stop(), stagingControlPlane?.stop()]);
    releaseLock();
  };
  process.once('exit', () => {
    try {
      process.kill(-backstage.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    controlPlane?.killNow();
    stagingControlPlane?.killNow();
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
    stagingControlPlane,
    stop,
  };
}
