import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '@daprise/local-control-plane';
import { stringify } from 'yaml';
import { HttpClient } from './httpClient';

/** The custom resources the Kubernetes plugin is told about: the same data Daprise shows. */
export const KUBERNETES_CUSTOM_RESOURCES = [
  { group: 'dapr.io', apiVersion: 'v1alpha1', plural: 'components' },
  {
    group: 'gateway.networking.k8s.io',
    apiVersion: 'v1',
    plural: 'httproutes',
  },
  { group: 'cilium.io', apiVersion: 'v2', plural: 'ciliumnetworkpolicies' },
];

/**
 * The Kubernetes plugin's built-in kinds that hold what Daprise shows (workloads and Services).
 * Its default list also has pods, configmaps, replicasets, HPAs, jobs, cronjobs, ingresses,
 * limit ranges and resource quotas: left out, which only makes each of its queries cheaper.
 */
export const KUBERNETES_OBJECT_TYPES = [
  'services',
  'deployments',
  'daemonsets',
  'statefulsets',
];

/** The backend's memory: RSS and peak from /proc, the rest from V8 (bytes). */
export interface BackendMemory {
  rss: number;
  peak: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Anonymous resident memory (heap and malloc, not code or files), from smaps_rollup. */
  anonymous: number;
  spaces: Record<string, { size: number; used: number }>;
}

export interface BenchCluster {
  name: string;
  url: string;
  caData: string;
  token: string;
}

export interface BackendOptions {
  /** Where the config, the entities file, the SQLite files and the log go. */
  dir: string;
  cluster: BenchCluster;
  /** Catalog entities file (a location of type file). */
  entitiesFile: string;
  /** false: Daprise watches no cluster (the memory baseline). */
  daprise: boolean;
  log: (message: string) => void;
  /** A label for log file names. */
  label: string;
  /** Extra environment variables of the backend process. */
  env?: Record<string, string>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A Backstage backend (bench/backend.ts) in a child process. */
export class BackendProcess {
  readonly http: HttpClient;
  /** The static external-access token (a service principal). */
  readonly serviceToken: string;
  /** A user token from the guest sign-in, as the frontend sends for a signed-in user. */
  userToken = '';
  readonly logFile: string;
  /** performance.now() when the process was spawned. */
  readonly spawnedAt: number;
  /** Date.now() when the process was spawned. */
  readonly spawnedAtEpoch: number;
  private exited?: Promise<void>;
  /** Daprise's log lines, with when (performance.now()) they arrived. */
  private readonly dapriseLines: Array<{ at: number; line: string }> = [];

  private constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string,
    serviceToken: string,
    logFile: string,
  ) {
    this.http = new HttpClient(baseUrl);
    this.serviceToken = serviceToken;
    this.logFile = logFile;
    this.spawnedAt = performance.now();
    this.spawnedAtEpoch = Date.now();
    this.exited = new Promise(resolve => child.once('exit', () => resolve()));
    const out = fs.createWriteStream(logFile);
    let partial = '';
    const onData = (chunk: Buffer) => {
      out.write(chunk);
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      const at = performance.now();
      for (const line of lines)
        if (line.includes('Daprise')) this.dapriseLines.push({ at, line });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => out.end());
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(options: BackendOptions): Promise<BackendProcess> {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const serviceToken = randomBytes(24).toString('hex');
    const config = {
      app: { baseUrl: 'http://localhost:3000' },
      backend: {
        baseUrl,
        listen: { host: '127.0.0.1', port },
        // SQLite files (one per plugin) in the run's temp dir: the catalog ingests the
        // entities once and later backends of the same size start with them in place.
        database: {
          client: 'better-sqlite3',
          connection: { directory: path.join(options.dir, 'db') },
        },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: serviceToken, subject: 'daprise-bench' },
            },
          ],
        },
      },
      auth: {
        providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
      },
      permission: { enabled: true },
      catalog: {
        rules: [{ allow: ['Component', 'Location'] }],
        locations: [{ type: 'file', target: options.entitiesFile }],
        processingInterval: { minutes: 60 },
      },
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: options.cluster.name,
                url: options.cluster.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: options.cluster.token,
                caData: options.cluster.caData,
                skipMetricsLookup: true,
              },
            ],
          },
        ],
        objectTypes: KUBERNETES_OBJECT_TYPES,
        customResources: KUBERNETES_CUSTOM_RESOURCES,
      },
      daprise: { useKubernetesPluginClusters: options.daprise },
    };
    fs.mkdirSync(path.join(options.dir, 'db'), { recursive: true });
    const configFile = path.join(
      options.dir,
      `app-config.${options.label}.yaml`,
    );
    fs.writeFileSync(configFile, stringify(config), { mode: 0o600 });
    const logFile = path.join(options.dir, `backend.${options.label}.log`);
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        path.join(
          repoRoot(),
          'packages',
          'devtools',
          'src',
          'bench',
          'backend.ts',
        ),
        '--config',
        configFile,
      ],
      {
        cwd: path.join(repoRoot(), 'packages', 'devtools'),
        env: {
          ...process.env,
          ...options.env,
          NODE_ENV: 'production',
          LOG_LEVEL: 'info',
          FORCE_COLOR: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const backend = new BackendProcess(child, baseUrl, serviceToken, logFile);
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    child.once('exit', () => process.removeListener('exit', kill));
    try {
      await backend.waitReady();
      const guest = await backend.http.json(
        'POST',
        '/api/auth/guest/refresh?env=development',
        {
          body: {},
        },
      );
      backend.userToken = guest.backstageIdentity.token;
    } catch (error) {
      await backend.stop();
      throw new Error(
        `${error}\n--- ${logFile} (last lines) ---\n${backend.tail()}`,
      );
    }
    return backend;
  }

  tail(lines = 40): string {
    try {
      return fs
        .readFileSync(this.logFile, 'utf8')
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }

  private async waitReady(timeoutMs = 300_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null)
        throw new Error(`the bench backend exited (${this.child.exitCode})`);
      try {
        const res = await this.http.get(
          '/.backstage/health/v1/readiness',
          undefined,
          2000,
        );
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(
          `the bench backend was not ready within ${timeoutMs} ms`,
        );
      await new Promise(r => setTimeout(r, 100));
    }
  }

  /** When (performance.now()) Daprise logged a line matching `pattern` (its log has no timestamps). */
  dapriseLoggedAt(pattern: RegExp): number | undefined {
    return this.dapriseLines.find(entry => pattern.test(entry.line))?.at;
  }

  /** Daprise's log lines matching `pattern`. */
  dapriseLog(pattern: RegExp): string[] {
    return this.dapriseLines
      .filter(entry => pattern.test(entry.line))
      .map(entry => entry.line);
  }

  /** VmRSS and VmHWM (peak) of the backend process, in bytes. */
  residentMemory(): { rss: number; peak: number } {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) =>
      Number(
        new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN,
      ) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  }

  /** Memory after a full GC in the backend: RSS from /proc, the rest from the process itself. */
  async memoryAfterGc(): Promise<BackendMemory> {
    await this.http.json('GET', '/api/bench/memory?gc=1');
    // Let V8 and the allocator hand freed pages back, then look again.
    await new Promise(r => setTimeout(r, 2000));
    const usage = await this.http.json('GET', '/api/bench/memory?gc=1');
    await new Promise(r => setTimeout(r, 500));
    return {
      ...this.residentMemory(),
      heapUsed: usage.heapUsed,
      heapTotal: usage.heapTotal,
      external: usage.external,
      arrayBuffers: usage.arrayBuffers,
      anonymous: usage.smaps?.Anonymous ?? NaN,
      spaces: usage.spaces,
    };
  }

  async heapSnapshot(file: string): Promise<string> {
    return (
      await this.http.json(
        'POST',
        `/api/bench/heap-snapshot?file=${encodeURIComponent(file)}`,
      )
    ).file;
  }

  async startProfile() {
    await this.http.json('POST', '/api/bench/profile/start');
  }

  async stopProfile(file: string) {
    await this.http.json(
      'POST',
      `/api/bench/profile/stop?file=${encodeURIComponent(file)}`,
    );
  }

  /** Waits until the catalog holds `count` entities of kind Component. */
  async waitForCatalog(count: number, timeoutMs = 600_000): Promise<number> {
    const started = performance.now();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await this.http.get(
        '/api/catalog/entities/by-query?filter=kind=component&limit=1&fields=metadata.name',
        this.serviceToken,
      );
      const total = res.status === 200 ? JSON.parse(res.body).totalItems : -1;
      if (total >= count) return performance.now() - started;
      if (Date.now() > deadline)
        throw new Error(
          `the catalog holds ${total} of ${count} entities after ${timeoutMs} ms`,
        );
      await new Promise(r => setTimeout(r, 500));
    }
  }

  async stop(): Promise<void> {
    this.http.close();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
      await this.exited;
      clearTimeout(timer);
    }
  }
}
