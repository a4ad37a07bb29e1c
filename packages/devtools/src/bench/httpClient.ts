import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** A response of the backend, with the time it took as the client saw it. */
export interface TimedResponse {
  status: number;
  body: string;
  ms: number;
}

/**
 * A keep-alive HTTP client for the backend under test: the cheapest client Node has, so that on a
 * two-core machine the client takes as little CPU from the backend as possible.
 */
export class HttpClient {
  private readonly agent: http.Agent;

  constructor(private readonly baseUrl: string, maxSockets = 32) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(
    method: string,
    path: string,
    options: {
      token?: string;
      body?: unknown;
      timeoutMs?: number;
      headers?: Record<string, string>;
    } = {},
  ): Promise<TimedResponse> {
    const url = new URL(path, this.baseUrl);
    const payload =
      options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...options.headers,
    };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          method,
          hostname: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
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
              ms: performance.now() - started,
            }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(options.timeoutMs ?? 120_000, () =>
        req.destroy(new Error(`${method} ${path} timed out`)),
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  get(path: string, token?: string, timeoutMs?: number) {
    return this.request('GET', path, { token, timeoutMs });
  }

  async json<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<T> {
    const res = await this.request(method, path, options);
    if (res.status >= 300)
      throw new Error(
        `${method} ${path}: ${res.status} ${res.body.slice(0, 500)}`,
      );
    return JSON.parse(res.body) as T;
  }

  close() {
    this.agent.destroy();
  }
}

/** Latency percentiles and throughput of a run of requests. */
export interface LoadStats {
  requests: number;
  errors: number;
  concurrency: number;
  seconds: number;
  /** Requests per second (completed, errors included). */
  throughput: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  /** Mean response size in bytes. */
  bytes: number;
  firstError?: string;
}

/** The p-th percentile (nearest rank) of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function stats(values: number[]): {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
} {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1),
  };
}

/**
 * Sends requests with `concurrency` in flight until `requests` are done, or — once at least
 * `minRequests` are done — until `maxMs` has passed.
 */
export async function runLoad(options: {
  concurrency: number;
  requests: number;
  minRequests?: number;
  maxMs?: number;
  send: (i: number) => Promise<TimedResponse>;
  check?: (res: TimedResponse) => string | undefined;
}): Promise<LoadStats> {
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  const deadline = started + (options.maxMs ?? Infinity);
  const minRequests = options.minRequests ?? options.requests;
  const more = () =>
    next < options.requests &&
    (next < minRequests || performance.now() < deadline);
  const worker = async () => {
    while (more()) {
      const i = next++;
      try {
        const res = await options.send(i);
        latencies.push(res.ms);
        bytes += res.body.length;
        const problem =
          res.status >= 300
            ? `HTTP ${res.status}: ${res.body.slice(0, 300)}`
            : options.check?.(res);
        if (problem) {
          errors += 1;
          firstError ??= problem;
        }
      } catch (error) {
        errors += 1;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const completed = latencies.length;
  return {
    requests: completed,
    errors,
    concurrency: options.concurrency,
    seconds,
    throughput: completed / seconds,
    ...stats(latencies),
    bytes: completed ? bytes / completed : 0,
    firstError,
  };
}

/** A small deterministic PRNG (mulberry32), so both backends are asked for the same entities. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
