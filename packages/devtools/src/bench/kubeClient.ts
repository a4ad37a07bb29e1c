import https from 'node:https';
import { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { objectPath } from '@daprise/local-control-plane';

/**
 * A minimal API-server client with one keep-alive connection pool. The local control plane's
 * `kubeRequest` (like client-node's `applyToHTTPSOptions`) builds a new agent, so a new TLS
 * connection, for every request: fine for tests, but seeding 60,000 objects that way spends
 * most of the machine's CPU on TLS handshakes.
 */
export class KubeClient {
  private readonly agent: https.Agent;
  private readonly url: URL;

  constructor(
    private readonly kubeConfig: KubeConfig,
    options: { maxSockets?: number } = {},
  ) {
    const cluster = kubeConfig.getCurrentCluster();
    const user = kubeConfig.getCurrentUser();
    if (!cluster?.caData || !user?.token) {
      throw new Error(
        'KubeClient needs a KubeConfig with caData and a bearer token',
      );
    }
    this.url = new URL(cluster.server);
    this.token = user.token;
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: options.maxSockets ?? 32,
      ca: Buffer.from(cluster.caData, 'base64'),
    });
  }

  private readonly token: string;

  request(
    method: string,
    apiPath: string,
    options: { body?: unknown; contentType?: string; timeoutMs?: number } = {},
  ): Promise<{ status: number; body: string }> {
    const payload =
      options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.token}`,
      Accept: 'application/json',
    };
    if (payload !== undefined)
      headers['Content-Type'] = options.contentType ?? 'application/json';
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          method,
          hostname: this.url.hostname,
          port: this.url.port,
          path: apiPath,
          headers,
          agent: this.agent,
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(options.timeoutMs ?? 60_000, () =>
        req.destroy(new Error(`${method} ${apiPath} timed out`)),
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /**
   * Server-side applies objects in order (raw JSON), then writes the `status` an object carries
   * through its status subresource, as the local control plane's `applyObjects` does.
   */
  async apply(
    objects: KubernetesObject[],
    options: { fieldManager: string; dryRun?: boolean },
  ) {
    for (const object of objects) {
      const { status, ...rest } = object as KubernetesObject & {
        status?: unknown;
      };
      const path = await objectPath(this.kubeConfig, rest);
      const query = new URLSearchParams({
        fieldManager: options.fieldManager,
        force: 'true',
      });
      if (options.dryRun) query.set('dryRun', 'All');
      const res = await this.request('PATCH', `${path}?${query}`, {
        body: rest,
        contentType: 'application/apply-patch+yaml',
      });
      if (res.status >= 300) {
        throw new Error(
          `apply ${object.kind} ${object.metadata?.namespace}/${object.metadata?.name}: ${res.status} ${res.body}`,
        );
      }
      if (status !== undefined && !options.dryRun) {
        const statusQuery = new URLSearchParams({
          fieldManager: `${options.fieldManager}-status`,
          force: 'true',
        });
        const body = {
          apiVersion: object.apiVersion,
          kind: object.kind,
          metadata: {
            name: object.metadata!.name,
            namespace: object.metadata!.namespace,
          },
          status,
        };
        const written = await this.request(
          'PATCH',
          `${path}/status?${statusQuery}`,
          {
            body,
            contentType: 'application/apply-patch+yaml',
          },
        );
        if (written.status >= 300) {
          throw new Error(
            `status of ${object.kind} ${object.metadata?.name}: ${written.status} ${written.body}`,
          );
        }
      }
    }
  }

  async delete(object: KubernetesObject): Promise<void> {
    const res = await this.request(
      'DELETE',
      await objectPath(this.kubeConfig, object),
    );
    if (res.status >= 300 && res.status !== 404) {
      throw new Error(
        `delete ${object.kind} ${object.metadata?.name}: ${res.status} ${res.body}`,
      );
    }
  }

  close() {
    this.agent.destroy();
  }
}

/** One `apiserver_request_total` series. */
export interface RequestCount {
  /** Every label of the series (scope, subresource, dry_run, …): what identifies it. */
  series: string;
  verb: string;
  resource: string;
  group: string;
  code: string;
  count: number;
}

/** Parses `apiserver_request_total` from the API server's Prometheus text. */
export function parseRequestCounts(metrics: string): RequestCount[] {
  const counts: RequestCount[] = [];
  for (const line of metrics.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    const close = line.lastIndexOf('}');
    const series = line.slice('apiserver_request_total{'.length, close);
    const labels: Record<string, string> = {};
    for (const match of series.matchAll(/(\w+)="([^"]*)"/g)) {
      labels[match[1]] = match[2];
    }
    counts.push({
      series,
      verb: labels.verb ?? '',
      resource: labels.resource ?? '',
      group: labels.group ?? '',
      code: labels.code ?? '',
      count: Number(line.slice(close + 1).trim()),
    });
  }
  return counts;
}

/** The API server's own count of requests, by verb, from its /metrics endpoint. */
export async function apiServerRequestCounts(
  client: KubeClient,
): Promise<RequestCount[]> {
  const res = await client.request('GET', '/metrics', { timeoutMs: 30_000 });
  if (res.status !== 200)
    throw new Error(`GET /metrics: ${res.status} ${res.body.slice(0, 200)}`);
  return parseRequestCounts(res.body);
}

/**
 * Requests between two scrapes that read resources (LIST and GET of resource URLs, i.e. not
 * /metrics or /readyz), by verb. WATCH is counted apart: a watch is counted when it ends.
 */
export function requestsBetween(before: RequestCount[], after: RequestCount[]) {
  const start = new Map(before.map(c => [c.series, c.count]));
  const byVerb: Record<string, number> = {};
  const byResource: Record<string, number> = {};
  for (const c of after) {
    const delta = c.count - (start.get(c.series) ?? 0);
    if (delta <= 0 || c.resource === '') continue;
    byVerb[c.verb] = (byVerb[c.verb] ?? 0) + delta;
    const name = `${c.verb} ${c.group ? `${c.group}/` : ''}${c.resource}`;
    byResource[name] = (byResource[name] ?? 0) + delta;
  }
  const reads = (byVerb.LIST ?? 0) + (byVerb.GET ?? 0);
  return { reads, byVerb, byResource };
}
