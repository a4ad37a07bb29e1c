import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { BackendMemory, BackendProcess } from '../backendProcess';
import { Context, log, MB, round, SizeBackendOptions, sleep } from '../common';
import { appIdOf, namespaceOf } from '../seed';

function entityDocument(k: number) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: appIdOf(k),
      description: `Benchmark service ${k}`,
      annotations: {
        'dapr.io/app-id': appIdOf(k),
        'backstage.io/kubernetes-id': appIdOf(k),
        'backstage.io/kubernetes-namespace': namespaceOf(k),
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: `group:default/team-${k % 50}`,
      system: `system-${k % 25}`,
    },
  };
}

function writeEntities(file: string, count: number) {
  const out = fs.openSync(file, 'w');
  for (let k = 0; k < count; k++)
    fs.writeSync(out, `---\n${stringify(entityDocument(k))}`);
  fs.closeSync(out);
}

/**
 * The catalog: one entity per app, written to a file location and ingested once by a backend
 * without Daprise's index. Returns the options of every backend of this size.
 */
export async function ingestCatalog(
  ctx: Context,
  n: number,
  sizeDir: string,
): Promise<{ backendOptions: SizeBackendOptions; ingestMs: number }> {
  const entitiesFile = path.join(sizeDir, 'entities.yaml');
  writeEntities(entitiesFile, n);
  const backendOptions = {
    dir: sizeDir,
    cluster: ctx.cluster,
    entitiesFile,
    log,
  };
  log('bench: catalog ingestion (backend without the Daprise index)');
  const backend = await BackendProcess.start({
    ...backendOptions,
    daprise: false,
    label: 'ingest',
  });
  const ingestMs = await backend.waitForCatalog(n);
  await backend.stop();
  log(
    `bench: the catalog ingested ${n} entities in ${round(
      ingestMs / 1000,
      1,
    )} s`,
  );
  return { backendOptions, ingestMs };
}

/** Memory baseline: a fresh backend, same config and catalog, Daprise watching no cluster. */
export async function memoryBaseline(
  backendOptions: SizeBackendOptions,
  n: number,
): Promise<BackendMemory> {
  const backend = await BackendProcess.start({
    ...backendOptions,
    daprise: false,
    label: 'baseline',
  });
  await backend.waitForCatalog(n);
  await sleep(3000);
  const baseline = await backend.memoryAfterGc();
  await backend.stop();
  log(
    `bench: baseline RSS ${round(baseline.rss / MB, 1)} MB (heap ${round(
      baseline.heapUsed / MB,
      1,
    )} MB)`,
  );
  return baseline;
}
