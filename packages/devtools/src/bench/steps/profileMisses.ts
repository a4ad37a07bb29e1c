import { BackendProcess } from '../backendProcess';
import { Context, log, profiled } from '../common';
import { LoadStats, runLoad } from '../httpClient';
import { SizeResult, TARGETS } from '../report';
import { changeVisibility } from './changeVisibility';
import { EntityViews } from './entityViews';
import { FLEET_PAGE_PATH } from './fleetPage';

/**
 * Profiles what missed its target, in an extra pass, so that the profiler does not distort
 * the numbers.
 */
export async function profileMisses(
  ctx: Context,
  backend: BackendProcess,
  n: number,
  views: EntityViews,
  measured: {
    dapriseSequential: LoadStats;
    dapriseConcurrent: LoadStats;
    kubernetesConcurrent: LoadStats;
    fleet: LoadStats;
    change: { max: number };
  },
): Promise<NonNullable<SizeResult['profiles']>> {
  const { options } = ctx;
  const profiles: NonNullable<SizeResult['profiles']> = {};
  // A throughput miss is profiled under the same concurrency (where CPU, not latency,
  // is what counts), a p99 miss with sequential views.
  const throughputMissed =
    measured.dapriseConcurrent.throughput <
    TARGETS.throughputRatio * measured.kubernetesConcurrent.throughput;
  if (
    measured.dapriseSequential.p99 > TARGETS.entityP99Ms ||
    throughputMissed
  ) {
    const concurrency = throughputMissed ? options.concurrency : 1;
    const requests = throughputMissed ? 2000 : 500;
    log(
      `bench: profiling the Daprise entity endpoint (N = ${n}, concurrency ${concurrency})`,
    );
    profiles.entity = await profiled(
      ctx,
      backend,
      `entity-${n}`,
      requests,
      () =>
        runLoad({
          concurrency,
          requests,
          send: views.daprise(backend.userToken),
        }),
    );
  }
  if (measured.fleet.p99 > TARGETS.fleetP99Ms) {
    log(`bench: profiling the fleet endpoint (N = ${n})`);
    profiles.fleet = await profiled(ctx, backend, `fleet-${n}`, 100, () =>
      runLoad({
        concurrency: 1,
        requests: 100,
        send: () => backend.http.get(FLEET_PAGE_PATH, backend.userToken),
      }),
    );
  }
  if (measured.change.max > TARGETS.changeVisibleMs) {
    log(`bench: profiling change visibility (N = ${n})`);
    profiles.change = await profiled(ctx, backend, `change-${n}`, 4, () =>
      changeVisibility(ctx, backend, n, 2),
    );
  }
  return profiles;
}
