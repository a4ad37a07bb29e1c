import { performance } from 'node:perf_hooks';
import { round, sleep } from '../common';
import { stats, TimedResponse } from '../httpClient';

/**
 * Entity views one at a time for `seconds`, 20 ms apart, while nothing changes in the cluster:
 * counts the index rebuilds (index versions) and the latency of the views during which one
 * happened.
 */
export async function quietMinute(
  view: (i: number) => Promise<TimedResponse>,
  seconds = 65,
) {
  const latencies: number[] = [];
  const duringRebuild: number[] = [];
  const started = performance.now();
  let version: number | undefined;
  let first: number | undefined;
  for (let i = 0; performance.now() - started < seconds * 1000; i++) {
    const res = await view(i);
    const seen = JSON.parse(res.body).indexVersion as number;
    first ??= seen;
    if (version !== undefined && seen !== version) duringRebuild.push(res.ms);
    version = seen;
    latencies.push(res.ms);
    await sleep(20);
  }
  return {
    seconds: round((performance.now() - started) / 1000, 1),
    views: latencies.length,
    rebuilds: (version ?? 0) - (first ?? 0),
    duringRebuild,
    ...stats(latencies),
  };
}
