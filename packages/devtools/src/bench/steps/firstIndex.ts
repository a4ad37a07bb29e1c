import { performance } from 'node:perf_hooks';
import { BackendMemory, BackendProcess } from '../backendProcess';
import { log, MB, round, sleep } from '../common';
import { SizeResult } from '../report';

/** Waits for the first complete index: the cluster synced and every app in the fleet. */
export async function waitForIndex(
  backend: BackendProcess,
  expectedApps: number,
  timeoutMs = 600_000,
) {
  const deadline = Date.now() + timeoutMs;
  let syncedAt: number | undefined;
  let listRequests = 0;
  for (;;) {
    if (syncedAt === undefined) {
      const res = await backend.http.get(
        '/api/daprise/clusters',
        backend.serviceToken,
      );
      if (res.status === 200) {
        const cluster = JSON.parse(res.body).items?.[0];
        if (cluster?.synced) {
          syncedAt = performance.now();
          listRequests = cluster.listRequests;
        }
      }
    }
    if (syncedAt !== undefined) {
      const res = await backend.http.get(
        '/api/daprise/fleet?limit=1',
        backend.serviceToken,
      );
      if (
        res.status === 200 &&
        JSON.parse(res.body).totalCount >= expectedApps
      ) {
        return { syncedAt, completeAt: performance.now(), listRequests };
      }
    }
    if (Date.now() > deadline)
      throw new Error(
        `Daprise did not index ${expectedApps} apps within ${timeoutMs} ms`,
      );
    await sleep(50);
  }
}

/** The first complete index of the backend under test: how long it took, and of what. */
export async function measureFirstIndex(
  backend: BackendProcess,
  expectedApps: number,
): Promise<SizeResult['index']> {
  const index = await waitForIndex(backend, expectedApps);
  const dapriseStartedAt =
    backend.dapriseLoggedAt(/Daprise: watching/) ?? backend.spawnedAt;
  const clusterStatus = JSON.parse(
    (await backend.http.get('/api/daprise/clusters', backend.serviceToken))
      .body,
  ).items[0];
  const indexedObjects = Object.values(
    clusterStatus.kinds as Record<string, { objects: number }>,
  ).reduce((sum, kind) => sum + kind.objects, 0);
  const result = {
    msFromPluginStart: Math.round(index.completeAt - dapriseStartedAt),
    msToClusterSynced: Math.round(index.syncedAt - dapriseStartedAt),
    msFromProcessSpawn: Math.round(index.completeAt - backend.spawnedAt),
    indexedObjects,
    listRequests: index.listRequests,
    rebuildLog: backend.dapriseLog(/rebuilt in/).slice(-3),
  };
  log(
    `bench: first complete index of ${expectedApps} apps (${indexedObjects} objects) ${result.msFromPluginStart} ms after the plugin started`,
  );
  return result;
}

/** The backend's memory after a full GC, against the baseline without the index. */
export async function measureMemory(
  backend: BackendProcess,
  n: number,
  baseline: BackendMemory,
  indexedObjects: number,
): Promise<SizeResult['memory']> {
  await backend.waitForCatalog(n);
  await sleep(3000);
  const memory = await backend.memoryAfterGc();
  const extra = memory.rss - baseline.rss;
  const result = {
    baselineRssMB: round(baseline.rss / MB, 1),
    rssMB: round(memory.rss / MB, 1),
    extraRssMB: round(extra / MB, 1),
    baselineHeapMB: round(baseline.heapUsed / MB, 1),
    heapMB: round(memory.heapUsed / MB, 1),
    extraHeapMB: round((memory.heapUsed - baseline.heapUsed) / MB, 1),
    baselineHeapTotalMB: round(baseline.heapTotal / MB, 1),
    heapTotalMB: round(memory.heapTotal / MB, 1),
    indexedObjects,
    extraRssMBPer25kObjects: round((extra / MB) * (25_000 / indexedObjects), 1),
  };
  log(
    `bench: RSS ${result.rssMB} MB vs ${result.baselineRssMB} MB without the index: +${result.extraRssMB} MB for ${indexedObjects} objects (heap +${result.extraHeapMB} MB)`,
  );
  return result;
}
