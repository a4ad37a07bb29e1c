import { Context, log, round } from '../common';
import { SizeResult } from '../report';
import { seedApps } from '../seed';

/** Seeds the cluster up to `n` apps; `seeded` counts what earlier sizes seeded. */
export async function seedUpTo(
  ctx: Context,
  n: number,
  seeded: { count: number; objects: number },
): Promise<SizeResult['seeding']> {
  log(`\nbench: N = ${n}: seeding apps ${seeded.count}..${n - 1}`);
  const seed = await seedApps(ctx.kube, seeded.count, n, {
    concurrency: ctx.options.seedConcurrency,
    log,
  });
  seeded.objects += seed.objects;
  seeded.count = n;
  log(
    `bench: seeded ${seed.apps} apps (${seed.objects} objects) in ${round(
      seed.ms / 1000,
      1,
    )} s; the cluster holds ${seeded.objects} bench objects`,
  );
  return {
    ...seed,
    objectsPerSecond: round((seed.objects * 1000) / seed.ms, 1),
    totalObjects: seeded.objects,
  };
}
