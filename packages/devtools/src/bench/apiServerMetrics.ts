import { KubeConfig } from '@kubernetes/client-node';
import { kubeRequest } from '@daprise/local-control-plane';

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
  kubeConfig: KubeConfig,
): Promise<RequestCount[]> {
  const res = await kubeRequest(kubeConfig, 'GET', '/metrics', {
    timeoutMs: 30_000,
  });
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
