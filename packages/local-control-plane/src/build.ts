import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CRD_SETS,
  crdModules,
  CrdSetName,
  DEFAULT_CRD_SET,
  DownloadedModule,
  writeCrdSet,
} from './crdSets';
import {
  cacheDir,
  ETCD_VERSION,
  KUBERNETES_VERSION,
  packageDir,
} from './paths';

/** Paths of the control plane's binaries. @public */
export interface ControlPlaneBinaries {
  kubeApiServer: string;
  etcd: string;
}

type Log = (message: string) => void;
const defaultLog: Log = message => process.stderr.write(`${message}\n`);

/** A short hash of a Go module's own files: a change to them means a new build. */
function moduleHash(moduleDir: string): string {
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(moduleDir).sort()) {
    if (/\.(go|mod|sum)$/.test(file)) {
      hash.update(file).update(fs.readFileSync(path.join(moduleDir, file)));
    }
  }
  return hash.digest('hex').slice(0, 12);
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, GOTOOLCHAIN: 'local', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let output = '';
    child.stdout.on('data', d => {
      stdout += d;
      output += d;
    });
    child.stderr.on('data', d => (output += d));
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve(stdout)
        : reject(
            new Error(
              `${command} ${args.join(' ')} failed (exit ${code}) in ${
                options.cwd
              }:\n${output.slice(-4000)}`,
            ),
          ),
    );
  });
}

/**
 * Runs `work` while holding a lock directory, so that two processes (the portal and a
 * test run, say) never build the same thing at once; a lock whose owner died is taken over.
 */
async function withLock<T>(
  lockDir: string,
  work: () => Promise<T>,
): Promise<T> {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e: any) {
      if (e.code !== 'EEXIST') throw e;
      const owner = Number(
        fs.readFileSync(path.join(lockDir, 'pid'), 'utf8') || 0,
      );
      if (!owner || !isAlive(owner)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      await new Promise(r => setTimeout(r, 1000));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: any) {
    return e.code === 'EPERM';
  }
}

async function withProgress<T>(
  what: string,
  log: Log,
  work: () => Promise<T>,
): Promise<T> {
  const started = Date.now();
  log(`daprise: ${what}`);
  const timer = setInterval(
    () =>
      log(
        `daprise: still ${what.replace(/ \(.*$/, '')} (${Math.round(
          (Date.now() - started) / 1000,
        )} s)`,
      ),
    30_000,
  );
  try {
    const result = await work();
    log(
      `daprise: done ${what.replace(/ \(.*$/, '')} in ${Math.round(
        (Date.now() - started) / 1000,
      )} s`,
    );
    return result;
  } finally {
    clearInterval(timer);
  }
}

async function ensureGoBinary(
  name: string,
  version: string,
  ldflags: string,
  log: Log,
) {
  const moduleDir = path.join(packageDir(), 'go', name);
  const binary = path.join(
    cacheDir(),
    'bin',
    `${name}-${version}-${moduleHash(moduleDir)}`,
  );
  if (fs.existsSync(binary)) return binary;
  return withLock(`${binary}.lock`, async () => {
    if (fs.existsSync(binary)) return binary;
    await withProgress(
      `building ${name} ${version} from the Go module proxy (first time only; a cold build takes 5-20 minutes on 2 cores)`,
      log,
      () =>
        run(
          'go',
          [
            'build',
            '-trimpath',
            '-ldflags',
            ldflags,
            '-o',
            `${binary}.tmp`,
            '.',
          ],
          {
            cwd: moduleDir,
            env: { CGO_ENABLED: '0' },
          },
        ),
    );
    fs.renameSync(`${binary}.tmp`, binary);
    return binary;
  });
}

/** Builds kube-apiserver and etcd when the cache lacks them. @public */
export async function ensureBinaries(
  log: Log = defaultLog,
): Promise<ControlPlaneBinaries> {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
  const version = 'k8s.io/component-base/version';
  const kubeApiServer = await ensureGoBinary(
    'kube-apiserver',
    KUBERNETES_VERSION,
    `-s -w -X ${version}.gitVersion=${KUBERNETES_VERSION} -X ${version}.gitMajor=${major} -X ${version}.gitMinor=${minor}`,
    log,
  );
  const etcd = await ensureGoBinary('etcd', ETCD_VERSION, '-s -w', log);
  return { kubeApiServer, etcd };
}

/**
 * Reads a CRD set (see {@link CRD_SETS}) from the upstream Go modules that ship it, fetched
 * through the Go module proxy, when the cache lacks it, and returns the directory holding
 * its CRDs, one `<plural>.<group>.yaml` per CRD.
 * @public
 */
export async function ensureCrds(
  set: CrdSetName = DEFAULT_CRD_SET,
  log: Log = defaultLog,
): Promise<string> {
  if (!Object.hasOwn(CRD_SETS, set)) {
    throw new Error(
      `unknown CRD set ${JSON.stringify(set)}: use one of ${Object.keys(
        CRD_SETS,
      ).join(', ')}`,
    );
  }
  // The key changes with the set's definition and with the code that writes it.
  const definition = fs.readFileSync(
    path.join(packageDir(), 'src', 'crdSets.ts'),
  );
  const key = createHash('sha256').update(definition).digest('hex');
  const dir = path.join(cacheDir(), 'crds', `${set}-${key.slice(0, 12)}`);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  return withLock(`${dir}.lock`, async () => {
    if (fs.existsSync(path.join(dir, '.complete'))) return dir;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    await withProgress(
      `reading the ${set} CRDs from the Go module proxy (first time only)`,
      log,
      async () => {
        const downloaded = await Promise.all(
          crdModules(set).map(module => downloadModule(module)),
        );
        const written = writeCrdSet(set, downloaded, dir);
        fs.writeFileSync(path.join(dir, '.sources'), `${written.join('\n')}\n`);
      },
    );
    fs.writeFileSync(path.join(dir, '.complete'), new Date().toISOString());
    return dir;
  });
}

/**
 * `go mod download -json module@version`, run outside any Go module so that only that
 * module's zip is fetched (and checked against the checksum database), not its
 * dependencies.
 */
async function downloadModule(module: string): Promise<DownloadedModule> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'daprise-gomod-'));
  try {
    const output = await run('go', ['mod', 'download', '-json', module], {
      cwd,
      env: { GOWORK: 'off', GOFLAGS: '' },
    });
    return JSON.parse(output);
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}
