import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
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
    let output = '';
    child.stdout.on('data', d => (output += d));
    child.stderr.on('data', d => (output += d));
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve(output)
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
 * Generates the Dapr, Gateway API and Cilium CRDs from their upstream Go modules (see
 * go/crdgen) when the cache lacks them, and returns the directory holding them.
 * @public
 */
export async function ensureCrds(log: Log = defaultLog): Promise<string> {
  const moduleDir = path.join(packageDir(), 'go', 'crdgen');
  const dir = path.join(cacheDir(), 'crds', moduleHash(moduleDir));
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  return withLock(`${dir}.lock`, async () => {
    if (fs.existsSync(path.join(dir, '.complete'))) return dir;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    await withProgress(
      'generating CRDs from the upstream Go API types (first time only)',
      log,
      () => run('go', ['run', '.', '-out', dir], { cwd: moduleDir }),
    );
    fs.writeFileSync(path.join(dir, '.complete'), new Date().toISOString());
    return dir;
  });
}
