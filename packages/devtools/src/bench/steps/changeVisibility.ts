import { performance } from 'node:perf_hooks';
import { applyObjects } from '@daprise/local-control-plane';
import { BackendProcess } from '../backendProcess';
import { Context, entitySample, round } from '../common';
import { stats } from '../httpClient';
import { appIdOf, daprSharedWithMtls, FIELD_MANAGER } from '../seed';

/**
 * Time for a change in the cluster to show on the entity endpoint: switches mTLS of an app's
 * Dapr Shared workload off and on again (one server-side apply each), and waits for the entity
 * view to say so, long-polling /changes between looks.
 */
export async function changeVisibility(
  ctx: Context,
  backend: BackendProcess,
  n: number,
  repeats: number,
) {
  const samples: number[] = [];
  const candidates = entitySample(n, 50, 4242 + n).filter(k => k % 5 !== 3);
  for (const k of candidates.slice(0, repeats)) {
    const appId = appIdOf(k);
    for (const mtls of [false, true]) {
      const changed = daprSharedWithMtls(k, mtls);
      const entityPath = `/api/daprise/entity/default/component/${appId}`;
      const visible = (body: any) =>
        body.apps?.[0]?.daprShared?.[0]?.mtls === mtls;
      const started = performance.now();
      await applyObjects(ctx.kube, [changed], { fieldManager: FIELD_MANAGER });
      for (;;) {
        const res = await backend.http.get(entityPath, backend.userToken);
        const body = JSON.parse(res.body);
        if (visible(body)) {
          samples.push(performance.now() - started);
          break;
        }
        if (performance.now() - started > 30_000)
          throw new Error(`the change of ${appId} was not visible within 30 s`);
        await backend.http.get(
          `/api/daprise/changes?after=${body.indexVersion}`,
          backend.userToken,
          60_000,
        );
      }
    }
  }
  return {
    samples: samples.map(s => round(s, 1)),
    ...stats(samples),
    median: stats(samples).p50,
  };
}
