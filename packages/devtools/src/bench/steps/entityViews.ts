import { performance } from 'node:perf_hooks';
import { BackendProcess } from '../backendProcess';
import {
  Context,
  entitySample,
  log,
  measured,
  round,
  shortStats,
} from '../common';
import { random, runLoad, TimedResponse } from '../httpClient';
import { BenchOptions } from '../options';
import { appIdOf } from '../seed';

/**
 * The entity views both plugins are measured with: the same entities, in the same order; the
 * Kubernetes plugin's frontend sends the entity, so it is read from the catalog beforehand.
 */
export interface EntityViews {
  /** The entity (by seed index) of the i-th view. */
  sequence: number[];
  /** Daprise's entity view of the i-th entity, with `token`. */
  daprise: (token: string) => (i: number) => Promise<TimedResponse>;
  dapriseCheck: (res: TimedResponse) => string | undefined;
  /** The Kubernetes plugin's answer for the i-th entity, as its entity page asks. */
  kubernetes: (i: number) => Promise<TimedResponse>;
  kubernetesCheck: (res: TimedResponse) => string | undefined;
}

export async function prepareEntityViews(
  backend: BackendProcess,
  n: number,
  options: BenchOptions,
): Promise<EntityViews> {
  // The same entities for both plugins; the Kubernetes plugin's frontend sends the entity.
  const pool = [...new Set(entitySample(n, Math.min(n, 500), 7 + n))];
  const entities = new Map<number, unknown>();
  for (const k of pool) {
    entities.set(
      k,
      await backend.http.json(
        'GET',
        `/api/catalog/entities/by-name/component/default/${appIdOf(k)}`,
        { token: backend.serviceToken },
      ),
    );
  }
  const pick = random(11 + n);
  const sequence = Array.from(
    {
      length: Math.max(options.dapriseConcurrent, options.dapriseSequential),
    },
    () => pool[Math.floor(pick() * pool.length)],
  );
  const daprise = (token: string) => (i: number) =>
    backend.http.get(
      `/api/daprise/entity/default/component/${appIdOf(
        sequence[i % sequence.length],
      )}`,
      token,
    );
  const dapriseCheck = (res: TimedResponse) => {
    const body = JSON.parse(res.body);
    return body.apps?.length === 1 &&
      body.apps[0].daprShared.length === 1 &&
      body.apps[0].components.length >= 2
      ? undefined
      : `incomplete view: ${res.body.slice(0, 200)}`;
  };
  const kubernetes = (i: number) => {
    const k = sequence[i % sequence.length];
    return backend.http.request(
      'POST',
      `/api/kubernetes/services/${appIdOf(k)}`,
      {
        token: backend.userToken,
        body: { entity: entities.get(k), auth: {} },
      },
    );
  };
  const kubernetesCheck = (res: TimedResponse) => {
    const body = JSON.parse(res.body);
    const resources = body.items?.[0]?.resources ?? [];
    const count = resources.reduce(
      (sum: number, r: any) => sum + r.resources.length,
      0,
    );
    return count >= 10 && (body.items[0].errors ?? []).length === 0
      ? undefined
      : `incomplete answer: ${res.body.slice(0, 300)}`;
  };
  return { sequence, daprise, dapriseCheck, kubernetes, kubernetesCheck };
}

/**
 * Warm-up of both paths (JIT, connection pools, token caches), at the measured
 * concurrency: after a warm-up of 100 views at concurrency 4 the first measured run at
 * concurrency 16 was a third slower than the same run a few minutes later (1,662 vs
 * 2,428 views/s at 100 app-ids), which measured the warm-up, not the steady state.
 */
export async function warmUp(
  backend: BackendProcess,
  views: EntityViews,
  options: BenchOptions,
) {
  await runLoad({
    concurrency: options.concurrency,
    requests: options.dapriseConcurrent,
    send: views.daprise(backend.userToken),
  });
  await runLoad({
    concurrency: options.concurrency,
    requests: 200,
    maxMs: 5_000,
    minRequests: 20,
    send: views.kubernetes,
  });
}

/**
 * Daprise's entity views: sequential with a user's and a service's token, then at the
 * measured concurrency, counting the API server's requests, the index rebuilds and the
 * LIST requests during them.
 */
export async function measureDapriseViews(
  ctx: Context,
  backend: BackendProcess,
  views: EntityViews,
) {
  const { options } = ctx;
  const { daprise, dapriseCheck } = views;
  log('bench: Daprise entity endpoint');
  const indexVersion = async () =>
    JSON.parse(
      (
        await backend.http.get(
          '/api/daprise/fleet?limit=1',
          backend.serviceToken,
        )
      ).body,
    ).indexVersion as number;
  const versionBefore = await indexVersion();
  const quietStarted = performance.now();
  const dSeq = await measured(ctx.kube, () =>
    runLoad({
      concurrency: 1,
      requests: options.dapriseSequential,
      send: daprise(backend.userToken),
      check: dapriseCheck,
    }),
  );
  log(
    `  sequential (user): ${shortStats(dSeq)}; API-server reads ${
      dSeq.apiServerReads
    }`,
  );
  const dService = await runLoad({
    concurrency: 1,
    requests: Math.round(options.dapriseSequential / 2),
    send: daprise(backend.serviceToken),
    check: dapriseCheck,
  });
  log(`  sequential (service token): ${shortStats(dService)}`);
  const dConc = await measured(ctx.kube, () =>
    runLoad({
      concurrency: options.concurrency,
      requests: options.dapriseConcurrent,
      send: daprise(backend.userToken),
      check: dapriseCheck,
    }),
  );
  log(
    `  concurrency ${options.concurrency}: ${shortStats(
      dConc,
    )}; API-server reads ${dConc.apiServerReads}`,
  );
  // Nothing changed in the cluster during the entity runs: any rebuild is the index's own.
  const idleRebuilds = {
    rebuilds: (await indexVersion()) - versionBefore,
    seconds: round((performance.now() - quietStarted) / 1000, 1),
  };
  log(
    `  index rebuilds while the cluster did not change: ${idleRebuilds.rebuilds} in ${idleRebuilds.seconds} s`,
  );
  const listRequestsAfter = JSON.parse(
    (await backend.http.get('/api/daprise/clusters', backend.serviceToken))
      .body,
  ).items[0].listRequests as number;
  return {
    sequential: dSeq,
    sequentialServiceToken: dService,
    concurrent: dConc,
    idleRebuilds,
    listRequestsAfter,
  };
}

/** The Kubernetes plugin's answers for the same entities, sequential and concurrent. */
export async function measureKubernetesViews(ctx: Context, views: EntityViews) {
  const { options } = ctx;
  const { kubernetes, kubernetesCheck } = views;
  log(
    'bench: Kubernetes plugin (POST /api/kubernetes/services/:name, as its entity page does)',
  );
  const kSeq = await measured(ctx.kube, () =>
    runLoad({
      concurrency: 1,
      requests: options.dapriseSequential,
      minRequests: Math.min(options.kubernetesMinRequests, 100),
      maxMs: options.kubernetesMaxMs,
      send: kubernetes,
      check: kubernetesCheck,
    }),
  );
  log(
    `  sequential: ${shortStats(kSeq)}; API-server reads ${
      kSeq.apiServerReads
    } (${round(kSeq.apiServerReadsPerView, 2)} per view)`,
  );
  const kConc = await measured(ctx.kube, () =>
    runLoad({
      concurrency: options.concurrency,
      requests: options.dapriseConcurrent,
      minRequests: options.kubernetesMinRequests,
      maxMs: options.kubernetesMaxMs,
      send: kubernetes,
      check: kubernetesCheck,
    }),
  );
  log(`  concurrency ${options.concurrency}: ${shortStats(kConc)}`);
  return { sequential: kSeq, concurrent: kConc };
}
