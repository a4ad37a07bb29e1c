import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BackendProcess } from './backendProcess';
import { Context, log, MB, round } from './common';
import { SizeResult } from './report';
import { NAMESPACE_COUNT } from './seed';
import { cappedMemory } from './steps/cappedMemory';
import { ingestCatalog, memoryBaseline } from './steps/catalog';
import { changeVisibility } from './steps/changeVisibility';
import {
  measureDapriseViews,
  measureKubernetesViews,
  prepareEntityViews,
  warmUp,
} from './steps/entityViews';
import { measureFleetPage } from './steps/fleetPage';
import { measureFirstIndex, measureMemory } from './steps/firstIndex';
import { measureHops } from './steps/hops';
import { profileMisses } from './steps/profileMisses';
import { quietMinute } from './steps/quietMinute';
import { renderAndDryRun } from './steps/renderAndDryRun';
import { seedUpTo } from './steps/seeding';

/**
 * One size of the benchmark: seeds the cluster up to `n` apps, lets a backend without
 * Daprise's index ingest the catalog, measures a fresh one for the memory baseline, and a
 * fresh one with Daprise through every step below; at the largest size also a quiet minute
 * of views and the memory comparison with a bounded heap.
 */
export async function benchSize(
  ctx: Context,
  n: number,
  seeded: { count: number; objects: number },
): Promise<SizeResult> {
  const { options } = ctx;
  const largest = n === Math.max(...options.sizes);
  const sizeDir = path.join(ctx.dir, `n${n}`);
  fs.mkdirSync(sizeDir, { recursive: true });
  const result: SizeResult = { apps: n } as SizeResult;
  const loadAtStart = round(os.loadavg()[0]);

  result.seeding = await seedUpTo(ctx, n, seeded);
  const { backendOptions, ingestMs } = await ingestCatalog(ctx, n, sizeDir);
  result.catalogIngestMs = Math.round(ingestMs);
  const baseline = await memoryBaseline(backendOptions, n);

  // The backend under test.
  const backend = await BackendProcess.start({
    ...backendOptions,
    daprise: true,
    label: 'daprise',
  });
  try {
    const expectedApps = n + NAMESPACE_COUNT;
    result.index = await measureFirstIndex(backend, expectedApps);
    result.memory = await measureMemory(
      backend,
      n,
      baseline,
      result.index.indexedObjects,
    );

    const views = await prepareEntityViews(backend, n, options);
    await warmUp(backend, views, options);
    const daprise = await measureDapriseViews(ctx, backend, views);
    const fleet = await measureFleetPage(backend, expectedApps);
    log('bench: change visibility');
    const change = await changeVisibility(ctx, backend, n, 5);
    log(
      `  median ${round(change.median)} ms, max ${round(
        change.max,
      )} ms (${change.samples.join(', ')})`,
    );
    const kubernetes = await measureKubernetesViews(ctx, views);
    const afterLoad = backend.residentMemory();
    log('bench: render + server-side dry run');
    const render = await renderAndDryRun(ctx, 10);
    log(
      `  p50 ${round(render.p50)} ms, max ${round(render.max)} ms for ${
        render.objects
      } manifests`,
    );

    result.daprise = {
      sequential: daprise.sequential,
      sequentialServiceToken: daprise.sequentialServiceToken,
      concurrent: daprise.concurrent,
      listRequestsDuringViews:
        daprise.listRequestsAfter - result.index.listRequests,
      idleRebuilds: daprise.idleRebuilds,
      responseBytes: Math.round(daprise.sequential.bytes),
    };
    result.kubernetes = {
      ...kubernetes,
      responseBytes: Math.round(kubernetes.sequential.bytes),
    };
    result.fleet = fleet;
    result.change = change;
    result.render = render;
    result.memory.rssAfterLoadMB = round(afterLoad.rss / MB, 1);
    result.memory.peakRssMB = round(afterLoad.peak / MB, 1);

    result.daprise.hops = await measureHops(
      backend,
      views,
      options,
      kubernetes.concurrent,
    );

    // At the largest size: a quiet minute of entity views, one every 20 ms, with nothing
    // changing in the cluster: does the index rebuild anyway, and what does a view wait then?
    if (largest) {
      log('bench: a quiet minute of entity views (no cluster change)');
      const quiet = await quietMinute(views.daprise(backend.userToken));
      result.daprise.quietMinute = quiet;
      log(
        `  ${quiet.rebuilds} index rebuilds in ${quiet.seconds} s; ${
          quiet.views
        } views, p50 ${round(quiet.p50)} ms, p99 ${round(
          quiet.p99,
        )} ms, max ${round(
          quiet.max,
        )} ms; views that saw a rebuild: ${quiet.duringRebuild
          .map(ms => round(ms, 1))
          .join(', ')} ms`,
      );
    }

    if (options.profileMisses) {
      result.profiles = await profileMisses(ctx, backend, n, views, {
        dapriseSequential: daprise.sequential,
        dapriseConcurrent: daprise.concurrent,
        kubernetesConcurrent: kubernetes.concurrent,
        fleet,
        change,
      });
    }
  } catch (error) {
    log(`bench: the backend's log ends with:\n${backend.tail()}`);
    throw error;
  } finally {
    await backend.stop();
  }

  if (largest)
    result.memory.capped = await cappedMemory(
      backendOptions,
      n,
      result.memory.indexedObjects,
    );
  result.loadAverage1m = {
    atStart: loadAtStart,
    atEnd: round(os.loadavg()[0]),
  };
  return result;
}
