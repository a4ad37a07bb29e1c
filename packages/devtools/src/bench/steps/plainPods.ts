import fs from 'node:fs';
import path from 'node:path';
import { KubernetesObject } from '@kubernetes/client-node';
import { applyObjects } from '@daprise/local-control-plane';
import { BackendProcess } from '../backendProcess';
import { Context, log, MB, round, SizeBackendOptions, sleep } from '../common';
import { PlainPodsResult, TARGETS } from '../report';
import {
  FIELD_MANAGER,
  forEachLimit,
  NAMESPACE_COUNT,
  namespaceOf,
} from '../seed';
import { ingestCatalog } from './catalog';
import { waitForIndex } from './firstIndex';
import { seedUpTo } from './seeding';

/** Dapr apps beside the plain pods: a few Dapr Shared apps (seeded) and owner-less Dapr pods. */
const DAPR_SHARED_APPS = 10;
const DAPR_PODS = 5;

/** A Pod without an owner; with `appId`, a Dapr sidecar app of its own (`dapr.io/enabled`). */
function pod(k: number, appId?: string): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: appId ?? `plain-${String(k).padStart(5, '0')}`,
      namespace: namespaceOf(k),
      labels: { app: appId ?? `plain-${k % 100}` },
      ...(appId
        ? {
            annotations: {
              'dapr.io/enabled': 'true',
              'dapr.io/app-id': appId,
              'dapr.io/app-port': '8080',
            },
          }
        : {}),
    },
    spec: {
      containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }],
    },
  } as KubernetesObject;
}

/** Creates `count` plain pods, 16 requests at a time; resolves with how long it took. */
async function createPlainPods(ctx: Context, count: number): Promise<number> {
  const started = Date.now();
  let lastLog = started;
  let done = 0;
  await forEachLimit(
    Array.from({ length: count }, (_, k) => k),
    ctx.options.seedConcurrency,
    async k => {
      await applyObjects(ctx.kube, [pod(k)], { fieldManager: FIELD_MANAGER });
      done += 1;
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        log(`bench: created ${done}/${count} plain pods`);
      }
    },
  );
  return Date.now() - started;
}

/** A fresh backend with Daprise indexing the cluster: its heap after a full GC, and its pods. */
async function indexedMemory(
  backendOptions: SizeBackendOptions,
  label: string,
  expectedApps: number,
) {
  const backend = await BackendProcess.start({
    ...backendOptions,
    daprise: true,
    label,
  });
  try {
    await waitForIndex(backend, expectedApps);
    await backend.waitForCatalog(DAPR_SHARED_APPS);
    await sleep(3000);
    const memory = await backend.memoryAfterGc();
    const cluster = JSON.parse(
      (await backend.http.get('/api/daprise/clusters', backend.serviceToken))
        .body,
    ).items[0];
    const fleet = JSON.parse(
      (
        await backend.http.get(
          '/api/daprise/fleet?limit=1',
          backend.serviceToken,
        )
      ).body,
    );
    return {
      memory,
      podsIndexed: cluster.kinds.Pod?.objects ?? 0,
      apps: fleet.totalCount as number,
    };
  } finally {
    await backend.stop();
  }
}

/**
 * Memory against plain pods: a cluster with a few Dapr apps (Dapr Shared ones and owner-less
 * Dapr pods) is indexed by a fresh backend, then `plainPods` owner-less Pods without Dapr
 * annotations are added and a fresh backend indexes it again. Daprise watches Pods to find
 * sidecar apps without an owner, and keeps of every other pod only the shared SKIPPED_POD, so
 * its heap should not grow with them.
 */
export async function measurePlainPods(
  ctx: Context,
  seeded: { count: number; objects: number },
): Promise<PlainPodsResult> {
  const count = ctx.options.plainPods;
  const dir = path.join(ctx.dir, 'plain-pods');
  fs.mkdirSync(dir, { recursive: true });
  await seedUpTo(ctx, Math.max(seeded.count, DAPR_SHARED_APPS), seeded);
  await applyObjects(
    ctx.kube,
    Array.from({ length: DAPR_PODS }, (_, k) => pod(k, `dapr-pod-${k}`)),
    { fieldManager: FIELD_MANAGER },
  );
  const expectedApps = seeded.count + NAMESPACE_COUNT + DAPR_PODS;
  const { backendOptions } = await ingestCatalog(ctx, seeded.count, dir);

  log(`bench: plain pods: the index without them`);
  const before = await indexedMemory(
    backendOptions,
    'pods-before',
    expectedApps,
  );
  log(`bench: plain pods: creating ${count} owner-less pods without Dapr`);
  const createMs = await createPlainPods(ctx, count);
  log(`bench: plain pods: the index with them`);
  const after = await indexedMemory(backendOptions, 'pods-after', expectedApps);

  const heapGrowth = after.memory.heapUsed - before.memory.heapUsed;
  const result: PlainPodsResult = {
    plainPods: count,
    daprPods: DAPR_PODS,
    createSeconds: round(createMs / 1000, 1),
    appsBefore: before.apps,
    appsAfter: after.apps,
    podsWatchedBefore: before.podsIndexed,
    podsWatchedAfter: after.podsIndexed,
    heapBeforeMB: round(before.memory.heapUsed / MB, 1),
    heapAfterMB: round(after.memory.heapUsed / MB, 1),
    heapGrowthMB: round(heapGrowth / MB, 1),
    heapBytesPerPlainPod: Math.round(heapGrowth / count),
    rssBeforeMB: round(before.memory.rss / MB, 1),
    rssAfterMB: round(after.memory.rss / MB, 1),
    met: heapGrowth / count <= TARGETS.heapBytesPerPlainPod,
  };
  log(
    `bench: ${count} plain pods: heap ${result.heapAfterMB} MB vs ${
      result.heapBeforeMB
    } MB without them (${result.heapGrowthMB >= 0 ? '+' : ''}${
      result.heapGrowthMB
    } MB, ${result.heapBytesPerPlainPod} B per pod); RSS ${
      result.rssAfterMB
    } MB vs ${result.rssBeforeMB} MB; apps ${result.appsAfter} (before: ${
      result.appsBefore
    })`,
  );
  return result;
}
