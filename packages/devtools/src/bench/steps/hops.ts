import { dapriseEntityReadPermission } from '@daprise/plugin-daprise-common';
import { BackendProcess } from '../backendProcess';
import { log, round, shortStats } from '../common';
import { LoadStats, runLoad, TimedResponse } from '../httpClient';
import { BenchOptions } from '../options';
import { appIdOf } from '../seed';
import { EntityViews } from './entityViews';

/**
 * The cheapest route that checks the caller's token: the rule list (a few kB, built from
 * memory). /health is open to probes without a token, so it measures no authentication.
 */
const AUTHENTICATED_NOOP = '/api/daprise/rules';

/**
 * Where an entity view's time goes: the hops it makes (authentication, the permission
 * policy, the catalog), each measured on its own, and the ceiling of any route of this
 * backend at the measured concurrency.
 */
export async function measureHops(
  backend: BackendProcess,
  views: EntityViews,
  options: BenchOptions,
  kubernetesConcurrent: LoadStats,
): Promise<Record<string, LoadStats>> {
  const { sequence, daprise } = views;
  log(
    `bench: the hops of an entity view, each on its own (user token, sequential)`,
  );
  const sample = (i: number) =>
    `component:default/${appIdOf(sequence[i % sequence.length])}`;
  const hop = (send: (i: number) => Promise<TimedResponse>) =>
    runLoad({
      concurrency: 1,
      requests: Math.round(options.dapriseSequential / 2),
      send,
    });
  const hops = {
    authenticatedNoop: await hop(() =>
      backend.http.get(AUTHENTICATED_NOOP, backend.userToken),
    ),
    permissionAuthorize: await hop(i =>
      backend.http.request('POST', '/api/permission/authorize', {
        token: backend.userToken,
        body: {
          items: [
            {
              id: 'bench',
              permission: dapriseEntityReadPermission,
              resourceRef: sample(i),
            },
          ],
        },
      }),
    ),
    catalogGetEntityByRef: await hop(i =>
      backend.http.get(
        `/api/catalog/entities/by-name/component/default/${
          sample(i).split('/')[1]
        }`,
        backend.userToken,
      ),
    ),
    entityView: await hop(daprise(backend.userToken)),
  };
  for (const [name, s] of Object.entries(hops))
    log(`  ${name}: ${shortStats(s)}`);
  // The ceiling for any endpoint of this backend on this machine: authentication and
  // Backstage's HTTP stack, nothing else.
  const noopConcurrent = await runLoad({
    concurrency: options.concurrency,
    requests: options.dapriseConcurrent,
    send: () => backend.http.get(AUTHENTICATED_NOOP, backend.userToken),
  });
  log(
    `  authenticated no-op at concurrency ${options.concurrency}: ${shortStats(
      noopConcurrent,
    )} (${round(
      noopConcurrent.throughput / kubernetesConcurrent.throughput,
      1,
    )}× the Kubernetes plugin)`,
  );
  return { ...hops, authenticatedNoopConcurrent: noopConcurrent };
}
