import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { ensureBinaries, ensureCrds, isAlive } from './build';
import { CrdSetName } from './crdSets';
import {
  applyObjects,
  installCrds,
  kubeRequest,
  loadManifests,
  ManifestObject,
} from './kube';

const TEMP_PREFIX = 'daprise-cp-';

/** A user the API server knows by a static token, with its groups. @public */
export interface StaticUser {
  name: string;
  groups?: string[];
}

/** How to start a {@link LocalControlPlane}. @public */
export interface StartOptions {
  /** Install the Dapr, Gateway API and Cilium CRDs (default true). */
  installCrds?: boolean;
  /**
   * Which platform generation's CRDs to install (default {@link DEFAULT_CRD_SET}, today's).
   * A kind the set's versions do not serve is not installed.
   */
  crdSet?: CrdSetName;
  /** Users known by static tokens, e.g. to prove RBAC with groups. */
  users?: StaticUser[];
  /** Where progress and errors go (default: stderr). */
  log?: (message: string) => void;
}

/** A restricted identity: its name, bearer token and a KubeConfig that uses it. @public */
export interface Identity {
  username: string;
  token: string;
  kubeConfig: KubeConfig;
}

/** What another process needs to reach a running control plane. @public */
export interface ControlPlaneConnection {
  server: string;
  caData: string;
  adminToken: string;
  dir: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Removes what earlier runs left behind when they were killed before they could clean up. */
function reapStaleRuns() {
  const tmp = os.tmpdir();
  for (const entry of fs.readdirSync(tmp)) {
    if (!entry.startsWith(TEMP_PREFIX)) continue;
    const dir = path.join(tmp, entry);
    let owner = 0;
    try {
      owner = Number(fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8'));
    } catch {
      // a run that died before writing its pid file
    }
    if (!owner || !isAlive(owner))
      fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds a KubeConfig for a bearer token. @public */
export function kubeConfigFor(
  connection: Pick<ControlPlaneConnection, 'server' | 'caData'>,
  token: string,
  user = 'user',
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: 'local', server: connection.server, caData: connection.caData },
    ],
    users: [{ name: user, token }],
    contexts: [{ name: 'local', cluster: 'local', user }],
    currentContext: 'local',
  });
  return kc;
}

/**
 * A real kube-apiserver backed by a real etcd, on free loopback ports with its own
 * temp dir, for tests, the demo portal and benchmarks. There is no controller-manager
 * and no kubelet: nothing runs pods and status is whatever a client writes.
 * @public
 */
export class LocalControlPlane {
  readonly dir: string;
  readonly server: string;
  readonly adminToken: string;
  /** etcd's client URL (plain HTTP on loopback), for tests that reach under the API server. */
  etcdUrl = '';
  private readonly processes = new Map<'etcd' | 'apiserver', ChildProcess>();
  private readonly onExit = () => this.killNow();
  private apiServerArgs: string[] = [];
  private apiServerBinary = '';
  private stopped = false;

  private constructor(
    dir: string,
    apiServerPort: number,
    private readonly staticTokens: Map<string, string>,
  ) {
    this.dir = dir;
    this.server = `https://127.0.0.1:${apiServerPort}`;
    this.adminToken = staticTokens.get('daprise-admin')!;
  }

  /** Builds what is missing (first run only), then starts etcd and the API server. */
  static async start(options: StartOptions = {}): Promise<LocalControlPlane> {
    const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
    const binaries = await ensureBinaries(log);
    const crdDir =
      options.installCrds === false
        ? undefined
        : await ensureCrds(options.crdSet, log);
    reapStaleRuns();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
    fs.writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
    const [etcdPort, peerPort, apiServerPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];

    const tokens = new Map<string, string>();
    const users: StaticUser[] = [
      { name: 'daprise-admin', groups: ['system:masters'] },
      ...(options.users ?? []),
    ];
    const tokenLines = users.map(user => {
      const token = randomBytes(24).toString('hex');
      tokens.set(user.name, token);
      return `${token},${user.name},${user.name},"${(user.groups ?? []).join(
        ',',
      )}"`;
    });
    fs.writeFileSync(
      path.join(dir, 'tokens.csv'),
      `${tokenLines.join('\n')}\n`,
      { mode: 0o600 },
    );
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    fs.writeFileSync(
      path.join(dir, 'sa.key'),
      privateKey.export({ type: 'pkcs8', format: 'pem' }),
      { mode: 0o600 },
    );
    fs.writeFileSync(
      path.join(dir, 'sa.pub'),
      publicKey.export({ type: 'spki', format: 'pem' }),
    );

    const cp = new LocalControlPlane(dir, apiServerPort, tokens);
    cp.etcdUrl = `http://127.0.0.1:${etcdPort}`;
    process.once('exit', cp.onExit);
    try {
      cp.spawn('etcd', binaries.etcd, [
        '--name=daprise',
        `--data-dir=${path.join(dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
        `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
        `--initial-cluster=daprise=http://127.0.0.1:${peerPort}`,
        '--unsafe-no-fsync',
        '--log-level=warn',
      ]);
      await cp.waitFor('etcd', async () => {
        const res = await fetch(`http://127.0.0.1:${etcdPort}/health`);
        return res.ok;
      });
      cp.apiServerBinary = binaries.kubeApiServer;
      cp.apiServerArgs = [
        `--etcd-servers=http://127.0.0.1:${etcdPort}`,
        `--cert-dir=${path.join(dir, 'certs')}`,
        `--secure-port=${apiServerPort}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        '--service-cluster-ip-range=10.0.0.0/24',
        '--allow-privileged=true',
        '--authorization-mode=RBAC',
        '--disable-admission-plugins=ServiceAccount',
        `--service-account-issuer=https://127.0.0.1:${apiServerPort}`,
        `--service-account-key-file=${path.join(dir, 'sa.pub')}`,
        `--service-account-signing-key-file=${path.join(dir, 'sa.key')}`,
        `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
        '--enable-priority-and-fairness=false',
        '--profiling=false',
        '--v=0',
      ];
      await cp.startApiServer();
      if (crdDir) {
        await installCrds(cp.adminKubeConfig(), loadManifests(crdDir));
      }
      return cp;
    } catch (e) {
      await cp.stop();
      throw e;
    }
  }

  private spawn(name: 'etcd' | 'apiserver', binary: string, args: string[]) {
    const logFile = fs.openSync(path.join(this.dir, `${name}.log`), 'a');
    // stdin is a pipe that this process holds: the binaries exit when it closes.
    const child = spawn(binary, args, {
      env: { ...process.env, DAPRISE_EXIT_WITH_PARENT: '1' },
      stdio: ['pipe', logFile, logFile],
    });
    fs.closeSync(logFile);
    child.unref();
    (child.stdin as any)?.unref?.();
    this.processes.set(name, child);
  }

  private async waitFor(
    name: 'etcd' | 'apiserver',
    ready: () => Promise<boolean>,
    timeoutMs = 90_000,
  ) {
    const child = this.processes.get(name)!;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `${name} exited (${child.exitCode ?? child.signalCode}):\n${this.tail(
            name,
          )}`,
        );
      }
      try {
        if (await ready()) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${name} not ready after ${timeoutMs} ms:\n${this.tail(name)}`,
        );
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }

  private tail(name: string): string {
    try {
      return fs
        .readFileSync(path.join(this.dir, `${name}.log`), 'utf8')
        .split('\n')
        .slice(-30)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** The API server's self-signed serving certificate, which clients trust as the CA. */
  get caData(): string {
    return fs
      .readFileSync(path.join(this.dir, 'certs', 'apiserver.crt'))
      .toString('base64');
  }

  /** Starts (or restarts after {@link stopApiServer}) the API server on the same port and etcd. */
  async startApiServer(): Promise<void> {
    this.spawn('apiserver', this.apiServerBinary, this.apiServerArgs);
    await this.waitFor('apiserver', async () => {
      if (!fs.existsSync(path.join(this.dir, 'certs', 'apiserver.crt')))
        return false;
      const res = await kubeRequest(this.adminKubeConfig(), 'GET', '/readyz', {
        timeoutMs: 2000,
      });
      return res.status === 200;
    });
  }

  /** Stops the API server only (etcd keeps the data), to test disconnects. */
  async stopApiServer(): Promise<void> {
    await this.terminate('apiserver');
  }

  /**
   * Compacts etcd's history up to its current revision, as kube-apiserver does every five
   * minutes: a watch that resumes from an older resource version then gets 410 Gone.
   */
  async compactEtcd(): Promise<number> {
    const put = await fetch(`${this.etcdUrl}/v3/kv/put`, {
      method: 'POST',
      body: JSON.stringify({
        key: Buffer.from('/daprise/compaction').toString('base64'),
        value: '',
      }),
    });
    const revision = Number((await put.json()).header.revision);
    const compaction = await fetch(`${this.etcdUrl}/v3/kv/compaction`, {
      method: 'POST',
      body: JSON.stringify({ revision: String(revision), physical: true }),
    });
    if (!compaction.ok)
      throw new Error(
        `etcd compaction: ${compaction.status} ${await compaction.text()}`,
      );
    return revision;
  }

  /** An API-server restart with the same data, port and certificates. */
  async restartApiServer(): Promise<void> {
    await this.stopApiServer();
    await this.startApiServer();
  }

  private async terminate(name: 'etcd' | 'apiserver') {
    const child = this.processes.get(name);
    if (!child) return;
    this.processes.delete(name);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>(resolve =>
      child.once('exit', () => resolve()),
    );
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  connection(): ControlPlaneConnection {
    return {
      server: this.server,
      caData: this.caData,
      adminToken: this.adminToken,
      dir: this.dir,
    };
  }

  /** A KubeConfig for a cluster admin (group system:masters). */
  adminKubeConfig(): KubeConfig {
    return kubeConfigFor(this.connection(), this.adminToken, 'daprise-admin');
  }

  /** A KubeConfig for one of the static users given at start. */
  userKubeConfig(name: string): KubeConfig {
    const token = this.staticTokens.get(name);
    if (!token)
      throw new Error(`no static user ${name}: pass it in StartOptions.users`);
    return kubeConfigFor(this.connection(), token, name);
  }

  /** Applies a file or directory of manifests (server-side apply; status through the subresource). */
  async apply(
    fileOrDirOrObjects:
      | string
      | ReadonlyArray<ManifestObject | KubernetesObject>,
  ): Promise<void> {
    const objects =
      typeof fileOrDirOrObjects === 'string'
        ? loadManifests(fileOrDirOrObjects)
        : fileOrDirOrObjects;
    await applyObjects(this.adminKubeConfig(), objects);
  }

  /** Stops both processes and removes the temp dir. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    process.removeListener('exit', this.onExit);
    await this.terminate('apiserver');
    await this.terminate('etcd');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * The synchronous last resort (process exit, SIGINT): signals and removal only.
   * Even without it the binaries exit when this process's end of their stdin closes.
   */
  killNow() {
    for (const child of this.processes.values()) child.kill('SIGKILL');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
