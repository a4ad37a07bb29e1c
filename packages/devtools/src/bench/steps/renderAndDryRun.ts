import { performance } from 'node:perf_hooks';
import { KubernetesObject } from '@kubernetes/client-node';
import { applyObjects } from '@daprise/local-control-plane';
import { renderService } from '@daprise/plugin-scaffolder-backend-module-daprise';
import { Context, round } from '../common';
import { stats } from '../httpClient';
import { namespaceOf, serviceDraftFor } from '../seed';

/** The scaffolder's work for one service: render, then a server-side dry run of every manifest. */
export async function renderAndDryRun(ctx: Context, repeats: number) {
  const samples: number[] = [];
  const admin = ctx.cp.adminKubeConfig();
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    const rendered = renderService(
      serviceDraftFor(i, `new-${String(i).padStart(4, '0')}`, namespaceOf(i)),
    );
    // As the scaffolder's client does: each request on its own TLS connection.
    await applyObjects(
      admin,
      rendered.manifests.map(m => m.object as KubernetesObject),
      { fieldManager: 'daprise-scaffolder', dryRun: true },
    );
    samples.push(performance.now() - started);
  }
  return {
    samples: samples.map(s => round(s, 1)),
    ...stats(samples),
    objects: renderService(serviceDraftFor(0)).manifests.length,
  };
}
