/*
 * What every step of the benchmark shares: its context (the control plane, its client, the
 * results folder), logging and rounding, and counting the API server's requests during a run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { LocalControlPlane } from '@daprise/local-control-plane';
import { BackendOptions, BackendProcess, BenchCluster } from './backendProcess';
import { LoadStats, random } from './httpClient';
import { apiServerRequestCounts, requestsBetween } from './apiServerMetrics';
import { BenchOptions } from './options';
import {
  formatProfileSummary,
  ProfileSummary,
  summarizeProfile,
} from './profile';

export const log = (message: string) => process.stderr.write(`${message}\n`);
export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
export const round = (value: number, digits = 2) =>
  Math.round(value * 10 ** digits) / 10 ** digits;
export const MB = 1024 * 1024;

/** The kinds either plugin reads: API-server requests on these are what an entity view costs. */
const READ_RESOURCES = new Set([
  'services',
  'deployments',
  'daemonsets',
  'statefulsets',
  'components',
  'configurations',
  'resiliencies',
  'subscriptions',
  'httpendpoints',
  'gatewayclasses',
  'gateways',
  'httproutes',
  'referencegrants',
  'ciliumnetworkpolicies',
  'ciliumclusterwidenetworkpolicies',
  'customresourcedefinitions',
]);

async function readCounts(kube: KubeConfig) {
  return apiServerRequestCounts(kube);
}

/** API-server reads of the plugins' kinds between two scrapes. */
function readsBetween(
  before: Awaited<ReturnType<typeof readCounts>>,
  after: Awaited<ReturnType<typeof readCounts>>,
) {
  const between = requestsBetween(
    before.filter(c => READ_RESOURCES.has(c.resource)),
    after.filter(c => READ_RESOURCES.has(c.resource)),
  );
  return between;
}

/** Runs a load and counts the API server's requests during it. */
export async function measured(
  kube: KubeConfig,
  run: () => Promise<LoadStats>,
): Promise<
  LoadStats & {
    apiServerReads: number;
    apiServerReadsPerView: number;
    apiServerByResource: Record<string, number>;
  }
> {
  const before = await readCounts(kube);
  const result = await run();
  const after = await readCounts(kube);
  const reads = readsBetween(before, after);
  return {
    ...result,
    apiServerReads: reads.reads,
    apiServerReadsPerView: result.requests
      ? reads.reads / result.requests
      : NaN,
    apiServerByResource: reads.byResource,
  };
}

export function shortStats(s: LoadStats) {
  return `${s.requests} requests, ${round(s.throughput, 1)}/s, p50 ${round(
    s.p50,
  )} ms, p99 ${round(s.p99)} ms${
    s.errors ? `, ${s.errors} ERRORS (${s.firstError})` : ''
  }`;
}

/** Samples `count` entity indexes of [0, n) (the same for both plugins). */
export function entitySample(n: number, count: number, seed: number): number[] {
  const next = random(seed);
  return Array.from({ length: count }, () => Math.floor(next() * n));
}

/** What every step of one benchmark run gets. */
export interface Context {
  cp: LocalControlPlane;
  kube: KubeConfig;
  cluster: BenchCluster;
  dir: string;
  resultsDir: string;
  options: BenchOptions;
  stamp: string;
}

/** Runs `work` under the CPU profiler of the backend and prints where the time went. */
export async function profiled<T>(
  ctx: Context,
  backend: BackendProcess,
  label: string,
  requests: number,
  work: () => Promise<T>,
): Promise<ProfileSummary> {
  const profileDir = path.join(ctx.resultsDir, 'profiles');
  fs.mkdirSync(profileDir, { recursive: true });
  const file = path.join(profileDir, `${ctx.stamp}-${label}.cpuprofile`);
  await backend.startProfile();
  await work();
  await backend.stopProfile(file);
  const summary = summarizeProfile(file);
  log(formatProfileSummary(summary, requests));
  return summary;
}

/** The options every backend process of one size shares (they differ in `daprise`, `label`). */
export type SizeBackendOptions = Omit<BackendOptions, 'daprise' | 'label'>;
