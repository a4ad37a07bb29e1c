import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { LocalControlPlane } from '@daprise/local-control-plane';
import { launchChromium } from '../chromium';
import { repoRoot, startDemoCluster, waitForUrl } from '../portal';
import {
  checkPacked,
  packageName,
  packedManifest,
  PUBLISHED_PACKAGES,
} from './pack';
import { BACKEND_INDEX, editBackendIndex, readInstallSteps } from './readme';
import { PackedPackage, ScopeRegistry, serveScope } from './scopeRegistry';

/**
 * `daprise verify-install [--keep]`: installs Daprise into a Backstage app made by
 * `@backstage/create-app` of the repo's Backstage release, as a portal's maintainer would
 * from the plugin READMEs, and checks in Chromium that it works there: the card on an
 * example entity's page, and the backend's routes. Everything runs from the packed tarballs,
 * so a file missing from a package, a `workspace:` range or a README step that does not work
 * in a fresh app fails here instead of in someone's portal.
 */

/**
 * create-app 0.9.2 is the one of Backstage release 1.55.0, the release every @backstage/*
 * package of this repo is pinned to (backstage.json): its dist/package.json says
 * `version: "1.55.0"`, and the app it makes carries that in its own backstage.json, which
 * the create step checks against ours.
 */
const CREATE_APP = '@backstage/create-app@0.9.2';
const APP_NAME = 'daprise-install-check';
/** The README install sections the check carries out (the common and node libraries come as their dependencies). */
const READMES = [
  'plugins/daprise/README.md',
  'plugins/daprise-backend/README.md',
  'plugins/scaffolder-backend-module-daprise/README.md',
];
const EXAMPLE_ENTITY = { ref: 'component:default/orders', path: 'orders' };
const YARN = path.join(repoRoot, '.yarn', 'releases', 'yarn-4.13.0.cjs');

const keep = process.argv.includes('--keep');
const workDir = fs.mkdtempSync(
  path.join(os.tmpdir(), 'daprise-verify-install-'),
);
const appDir = path.join(workDir, APP_NAME);
const logDir = path.join(workDir, 'logs');
fs.mkdirSync(logDir);

const say = (message: string) => process.stderr.write(`${message}\n`);
const timings: Array<{ step: string; seconds: number }> = [];
const cleanups: Array<() => Promise<void> | void> = [];

/**
 * `yarn` as a command on PATH, for create-app (which checks `yarn -v`) and the README's
 * `yarn --cwd ... add` lines: the repo's Yarn 4, which hands over to the app's own
 * `yarnPath` inside the app.
 */
function pathWithYarn(): string {
  const bin = path.join(workDir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, 'yarn'),
    `#!/bin/sh\nexec "${process.execPath}" "${YARN}" "$@"\n`,
    { mode: 0o755 },
  );
  return `${bin}${path.delimiter}${process.env.PATH}`;
}
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: pathWithYarn(),
  // Jest's or a caller's NODE_ENV would change what Backstage's CLI builds.
  NODE_ENV: 'development',
  FORCE_COLOR: '0',
  BROWSER: 'none',
};

let logCount = 0;
/** Runs a command to completion with its output in a log file; on failure the error quotes the log's end. */
async function run(
  label: string,
  command: string,
  args: string[],
  options: { cwd: string; timeoutMs?: number; env?: NodeJS.ProcessEnv },
): Promise<void> {
  const logFile = path.join(
    logDir,
    `${String(++logCount).padStart(2, '0')}-${label.replace(/\W+/g, '-')}.log`,
  );
  const out = fs.openSync(logFile, 'w');
  fs.writeSync(out, `$ ${command} ${args.join(' ')}\n# in ${options.cwd}\n`);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...childEnv, ...options.env },
    stdio: ['ignore', out, out],
  });
  const timeoutMs = options.timeoutMs ?? 15 * 60_000;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>(resolve =>
    child.once('exit', resolve),
  );
  clearTimeout(timer);
  fs.closeSync(out);
  if (code !== 0) {
    const tail = fs
      .readFileSync(logFile, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-40)
      .join('\n');
    throw new Error(
      `${label} failed (${
        code === null ? `killed after ${timeoutMs / 1000} s` : `exit ${code}`
      }); end of ${logFile}:\n${tail}`,
    );
  }
}
const yarn = (label: string, args: string[], cwd: string, timeoutMs?: number) =>
  run(label, process.execPath, [YARN, ...args], { cwd, timeoutMs });

async function step<T>(title: string, body: () => Promise<T>): Promise<T> {
  say(`\n▶ ${title}`);
  const started = Date.now();
  try {
    return await body();
  } finally {
    const seconds = (Date.now() - started) / 1000;
    timings.push({ step: title, seconds });
    say(`  (${seconds.toFixed(1)} s)`);
  }
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const writeJson = (file: string, value: unknown) =>
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

// --- the steps -----------------------------------------------------------------------------

/** Builds (backstage-cli package build, which reads tsc's declarations) and packs the published packages. */
async function packPublished(): Promise<PackedPackage[]> {
  const outDir = path.join(workDir, 'tarballs');
  fs.mkdirSync(outDir);
  const packed: PackedPackage[] = [];
  for (const dir of PUBLISHED_PACKAGES) {
    const name = packageName(dir);
    await yarn(`build ${name}`, ['workspace', name, 'run', 'build'], repoRoot);
    const version = readJson(path.join(repoRoot, dir, 'package.json')).version;
    const tarball = path.join(
      outDir,
      `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`,
    );
    // `yarn pack` runs the package's prepack (publishConfig applied) and postpack, and
    // replaces `workspace:` ranges by the versions they point at.
    await yarn(
      `pack ${name}`,
      ['workspace', name, 'pack', '--out', tarball],
      repoRoot,
    );
    const pkg = { name, version, tarball, manifest: packedManifest(tarball) };
    checkPacked(pkg);
    say(
      `  ${path.basename(tarball)} (${(
        fs.statSync(tarball).size / 1024
      ).toFixed(0)} KiB)`,
    );
    packed.push(pkg);
  }
  return packed;
}

async function createApp(): Promise<void> {
  await run(
    'create-app',
    'npm',
    [
      'exec',
      '--yes',
      `--package=${CREATE_APP}`,
      '--',
      'backstage-create-app',
      '--path',
      appDir,
      '--skip-install',
    ],
    // The app's name is create-app's only question; this answers it.
    { cwd: workDir, env: { BACKSTAGE_APP_NAME: APP_NAME } },
  );
  const ours = readJson(path.join(repoRoot, 'backstage.json')).version;
  const theirs = readJson(path.join(appDir, 'backstage.json')).version;
  if (ours !== theirs)
    throw new Error(
      `${CREATE_APP} makes a Backstage ${theirs} app; this repo is on ${ours}`,
    );
  say(`  ${CREATE_APP}: a Backstage ${theirs} app in ${appDir}`);
}

/**
 * Holds the app at the release. create-app writes caret ranges of the release's versions and
 * then fetches a yarn.lock seed from GitHub that pins the rest as of the release; that fetch
 * fails here (only the package registries are reachable), and without it the ranges would
 * pull in later releases. So the app's @backstage/* dependencies become exact, and the
 * versions this repo pins (the same release) become resolutions.
 */
function pinRelease(): void {
  const pinned: Record<string, string> = {};
  const workspaces = ['packages/app', 'packages/backend'].map(w =>
    path.join(appDir, w, 'package.json'),
  );
  for (const file of workspaces) {
    const pkg = readJson(file);
    for (const field of ['dependencies', 'devDependencies'])
      for (const [dep, range] of Object.entries<string>(pkg[field] ?? {}))
        if (dep.startsWith('@backstage/') && range.startsWith('^')) {
          pkg[field][dep] = range.slice(1);
          pinned[dep] = range.slice(1);
        }
    writeJson(file, pkg);
  }
  const root = readJson(path.join(appDir, 'package.json'));
  const ours: Record<string, string> = readJson(
    path.join(repoRoot, 'package.json'),
  ).resolutions;
  for (const [dep, version] of Object.entries(ours)) {
    if (!dep.startsWith('@backstage/')) continue;
    if (pinned[dep] && pinned[dep] !== version)
      throw new Error(
        `${dep}: create-app's app has ${pinned[dep]}, this repo ${version}`,
      );
    pinned[dep] = version;
  }
  root.resolutions = { ...root.resolutions, ...pinned };
  writeJson(path.join(appDir, 'package.json'), root);
}

/** Points the app's Yarn at the tarballs for the @daprise scope. */
async function useScopeRegistry(registry: ScopeRegistry): Promise<void> {
  const rcFile = path.join(appDir, '.yarnrc.yml');
  const rc = parse(fs.readFileSync(rcFile, 'utf8')) ?? {};
  rc.npmScopes = { daprise: { npmRegistryServer: registry.url } };
  rc.unsafeHttpWhitelist = ['127.0.0.1'];
  // create-app's age gate (3 days) would hold back packages packed a minute ago.
  rc.npmPreapprovedPackages = [
    ...(rc.npmPreapprovedPackages ?? []),
    '@daprise/*',
  ];
  fs.writeFileSync(rcFile, stringify(rc));
  // Each run packs version 0.1.0 anew: Yarn's shared cache must not answer with an earlier
  // run's tarball of the same name and version, nor keep one set of zips per run.
  const cache = path.join(os.homedir(), '.yarn', 'berry', 'cache');
  if (fs.existsSync(cache))
    for (const file of fs.readdirSync(cache))
      if (file.startsWith('@daprise-')) fs.rmSync(path.join(cache, file));
}

/** Carries out the README install sections, in order, as their literal text says. */
async function installPerReadmes(): Promise<void> {
  const indexFile = path.join(appDir, BACKEND_INDEX);
  for (const readme of READMES) {
    const steps = readInstallSteps(path.join(repoRoot, readme));
    if (!steps.commands.length && !steps.backendIndex.statements.length)
      throw new Error(
        `${readme} has no install steps (an sh block, or a ts block for ${BACKEND_INDEX})`,
      );
    for (const command of steps.commands) {
      say(`  ${readme}: $ ${command}`);
      await run(`readme ${command}`, 'sh', ['-c', command], { cwd: appDir });
    }
    if (steps.backendIndex.statements.length) {
      for (const line of [
        ...steps.backendIndex.imports,
        ...steps.backendIndex.statements,
      ])
        say(`  ${readme}: ${BACKEND_INDEX} += ${line}`);
      fs.writeFileSync(
        indexFile,
        editBackendIndex(
          fs.readFileSync(indexFile, 'utf8'),
          steps.backendIndex,
        ),
      );
    }
  }
  // The frontend README: "If your app discovers features (`app.packages: all`), adding the
  // package is enough." That is what this app must do for the card to appear.
  const appConfig = parse(
    fs.readFileSync(path.join(appDir, 'app-config.yaml'), 'utf8'),
  );
  if (appConfig?.app?.packages !== 'all')
    throw new Error(
      'the created app does not discover features (app.packages is not "all"): the frontend README must say how to add the plugin',
    );
}

/** A TCP port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * The app's own ports, not create-app's 3000 and 7007: those are the repo's portal's, which
 * browser tests and demos on this machine hold for minutes at a time.
 */
let appUrl = '';
let backendUrl = '';

/** The local cluster, and app-config.local.yaml pointing the app at it, at the example catalog and at free ports. */
async function startCluster(): Promise<LocalControlPlane> {
  const { controlPlane, configFile } = await startDemoCluster(say);
  cleanups.push(() => controlPlane.stop());
  const clusterConfig = parse(fs.readFileSync(configFile, 'utf8'));
  const appConfig = parse(
    fs.readFileSync(path.join(appDir, 'app-config.yaml'), 'utf8'),
  );
  appUrl = `http://localhost:${await freePort()}`;
  backendUrl = `http://localhost:${await freePort()}`;
  const local = {
    app: { baseUrl: appUrl },
    backend: {
      baseUrl: backendUrl,
      listen: { port: Number(new URL(backendUrl).port) },
      cors: { origin: appUrl },
    },
    ...clusterConfig,
    kubernetes: {
      // The Kubernetes plugin's own required setting, which create-app leaves empty.
      serviceLocatorMethod: { type: 'multiTenant' },
      ...clusterConfig.kubernetes,
    },
    catalog: {
      locations: [
        ...(appConfig.catalog?.locations ?? []),
        {
          type: 'file',
          target: path.join(repoRoot, 'examples', 'catalog', 'all.yaml'),
          rules: [
            {
              allow: [
                'Component',
                'System',
                'API',
                'Resource',
                'Location',
                'Domain',
                'Group',
                'User',
              ],
            },
          ],
        },
      ],
    },
  };
  // The reader token is in it: only the owner may read the file.
  fs.writeFileSync(
    path.join(appDir, 'app-config.local.yaml'),
    stringify(local),
    { mode: 0o600 },
  );
  return controlPlane;
}

/** `yarn start` in the app: the frontend's dev server and the backend. */
async function startApp(): Promise<void> {
  const appLog = path.join(logDir, 'app.log');
  const out = fs.openSync(appLog, 'w');
  // Its own process group, so that stopping it stops the frontend and backend it forks.
  const app: ChildProcess = spawn(process.execPath, [YARN, 'start'], {
    cwd: appDir,
    env: childEnv,
    detached: true,
    stdio: ['ignore', out, out],
  });
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-app.pid!, signal);
    } catch {
      // already gone
    }
  };
  process.once('exit', () => kill('SIGKILL'));
  cleanups.push(async () => {
    if (app.exitCode === null && app.signalCode === null) {
      const exited = new Promise(resolve => app.once('exit', resolve));
      kill('SIGINT');
      const timer = setTimeout(() => kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.closeSync(out);
  });
  // `backstage-cli repo start` keeps running when the backend fails to start: its log says so.
  let watching = true;
  const startupFailure = (async () => {
    while (watching) {
      const failed = /^.*Backend startup failed.*$/m.exec(
        fs.readFileSync(appLog, 'utf8'),
      );
      // The backend colours its log lines even without a terminal.
      // eslint-disable-next-line no-control-regex
      if (failed) throw new Error(failed[0].replace(/\x1b\[[0-9;]*m/g, ''));
      await new Promise(r => setTimeout(r, 2000));
    }
  })();
  try {
    await Promise.race([
      startupFailure,
      (async () => {
        await waitForUrl(
          `${backendUrl}/.backstage/health/v1/readiness`,
          app,
          10 * 60_000,
        );
        await waitForUrl(appUrl, app, 10 * 60_000);
      })(),
    ]);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n(the app's log: ${appLog})`);
  } finally {
    watching = false;
    startupFailure.catch(() => {});
  }
}

/** The backend's routes as the frontend calls them: the unauthenticated health check, and the fleet as a signed-in guest. */
async function checkRoutes(): Promise<void> {
  const health = await fetch(`${backendUrl}/api/daprise/health`);
  if (health.status !== 200)
    throw new Error(`GET /api/daprise/health: ${health.status}`);
  say('  GET /api/daprise/health → 200');

  const refresh = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!refresh.ok)
    throw new Error(`guest sign-in: ${refresh.status} ${await refresh.text()}`);
  const token: string = (await refresh.json()).backstageIdentity.token;

  // The index fills from the cluster's watches after start-up.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await fetch(`${backendUrl}/api/daprise/fleet`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200)
      throw new Error(
        `GET /api/daprise/fleet: ${res.status} ${await res.text()}`,
      );
    const page: { items: Array<{ key: string }>; totalCount: number } =
      await res.json();
    if (page.items.some(item => item.key === 'local/shop/orders')) {
      say(
        `  GET /api/daprise/fleet (guest token) → 200, ${page.totalCount} app-ids, local/shop/orders among them`,
      );
      return;
    }
    if (Date.now() > deadline)
      throw new Error(
        `GET /api/daprise/fleet: no local/shop/orders after 120 s (${page.items
          .map(i => i.key)
          .join(', ')})`,
      );
    await new Promise(r => setTimeout(r, 2000));
  }
}

/** Opens the example entity's page in Chromium, as a guest, and waits for the Dapr card's section of the local cluster. */
async function checkCard(): Promise<string> {
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
  });
  await page.goto(`${appUrl}/catalog/default/component/${EXAMPLE_ENTITY.path}`);
  // The created app signs in with its guest provider; a sign-in page shows first when
  // the app has one.
  const enter = page.getByRole('button', { name: /^enter$/i });
  const section = page.getByRole('region', { name: 'local/shop' });
  await enter.or(section).first().waitFor({ timeout: 180_000 });
  if (await enter.isVisible()) await enter.click();
  // The catalog reads examples/catalog shortly after start-up; reload until the entity exists.
  const deadline = Date.now() + 180_000;
  while (!(await section.isVisible())) {
    if (Date.now() > deadline)
      throw new Error(
        `the Dapr card of ${EXAMPLE_ENTITY.ref} did not show the section local/shop within 180 s`,
      );
    try {
      await section.waitFor({ timeout: 15_000 });
    } catch {
      await page.reload();
    }
  }
  for (const text of ['orders-state', 'HTTPRoute infra/orders'])
    await section.getByText(text).first().waitFor({ timeout: 30_000 });
  const screenshot = path.join(workDir, 'orders-card.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  say(
    `  ${EXAMPLE_ENTITY.ref}: the Dapr card shows local/shop with orders-state and HTTPRoute infra/orders`,
  );
  return screenshot;
}

async function main(): Promise<void> {
  const started = Date.now();
  let failure: unknown;
  let screenshot: string | undefined;
  try {
    await step('tsc (the repo)', () => yarn('tsc', ['tsc'], repoRoot));
    const packed = await step(
      'build and pack the published packages',
      packPublished,
    );
    await step(`create an app with ${CREATE_APP}`, createApp);
    await step(
      'pin the app to the release; serve the tarballs as the @daprise scope',
      async () => {
        pinRelease();
        const scope = await serveScope(packed);
        cleanups.push(() => scope.close());
        await useScopeRegistry(scope);
        say(`  @daprise → ${scope.url}`);
      },
    );
    await step('yarn install (the app)', () =>
      yarn('app install', ['install'], appDir, 20 * 60_000),
    );
    await step('install the plugins as their READMEs say', installPerReadmes);
    await step('tsc (the app)', () => yarn('app tsc', ['tsc'], appDir));
    await step(
      'start the local control plane; write app-config.local.yaml',
      async () => {
        await startCluster();
        say(`  app ${appUrl}, backend ${backendUrl}`);
      },
    );
    await step('yarn start (the app)', startApp);
    await step('check the Daprise routes', checkRoutes);
    screenshot = await step('check the card in Chromium', checkCard);
  } catch (e) {
    failure = e;
  }
  await step('clean up', () => cleanUp(failure !== undefined));

  say('\ndaprise verify-install: timings');
  for (const { step: title, seconds } of timings)
    say(`  ${seconds.toFixed(1).padStart(7)} s  ${title}`);
  const total = ((Date.now() - started) / 1000).toFixed(0);
  if (keep)
    say(`kept: ${workDir}${screenshot ? ` (screenshot ${screenshot})` : ''}`);
  if (failure) {
    say(
      `\ndaprise verify-install: FAILED after ${total} s\n${
        (failure as Error).stack ?? failure
      }`,
    );
    process.exitCode = 1;
  } else {
    say(
      `\ndaprise verify-install: OK in ${total} s: the five packages, packed, install into a new Backstage ${
        readJson(path.join(repoRoot, 'backstage.json')).version
      } app as their READMEs say, and work there`,
    );
  }
}

/**
 * Stops what the run started (last first) and removes the temporary folder unless --keep;
 * after a failure only the app and the tarballs, so that the logs the error names stay.
 */
async function cleanUp(failed: boolean): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (e) {
      say(`  clean-up: ${e}`);
    }
  }
  if (keep) return;
  if (!failed) {
    fs.rmSync(workDir, { recursive: true, force: true });
    return;
  }
  for (const entry of fs.readdirSync(workDir))
    if (entry !== 'logs')
      fs.rmSync(path.join(workDir, entry), { recursive: true, force: true });
  say(`  kept the logs: ${logDir}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    say(`\ndaprise verify-install: ${signal}; cleaning up`);
    cleanUp(true).finally(() => process.exit(130));
  });
main();
