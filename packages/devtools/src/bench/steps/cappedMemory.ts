import { BackendProcess } from '../backendProcess';
import { log, MB, round, SizeBackendOptions, sleep } from '../common';
import { SizeResult } from '../report';
import { NAMESPACE_COUNT } from '../seed';
import { waitForIndex } from './firstIndex';

/** The V8 heap limit of the bounded-heap memory comparison. */
const CAPPED_HEAP_MB = 768;

/**
 * The memory comparison with a bounded V8 heap, as a 1 GiB container would run the backend:
 * how much of the extra RSS is the index and how much is heap V8 keeps because nothing told
 * it to give it back.
 */
export async function cappedMemory(
  backendOptions: SizeBackendOptions,
  n: number,
  indexedObjects: number,
): Promise<NonNullable<SizeResult['memory']['capped']>> {
  const capped = { NODE_OPTIONS: `--max-old-space-size=${CAPPED_HEAP_MB}` };
  const measure = async (daprise: boolean) => {
    const b = await BackendProcess.start({
      ...backendOptions,
      daprise,
      label: daprise ? 'daprise-capped' : 'baseline-capped',
      env: capped,
    });
    try {
      if (daprise) await waitForIndex(b, n + NAMESPACE_COUNT);
      await b.waitForCatalog(n);
      await sleep(3000);
      return await b.memoryAfterGc();
    } finally {
      await b.stop();
    }
  };
  const off = await measure(false);
  const on = await measure(true);
  const result = {
    maxOldSpaceSizeMB: CAPPED_HEAP_MB,
    baselineRssMB: round(off.rss / MB, 1),
    rssMB: round(on.rss / MB, 1),
    extraRssMB: round((on.rss - off.rss) / MB, 1),
    extraHeapMB: round((on.heapUsed - off.heapUsed) / MB, 1),
    extraRssMBPer25kObjects: round(
      ((on.rss - off.rss) / MB) * (25_000 / indexedObjects),
      1,
    ),
  };
  log(
    `bench: with --max-old-space-size=${CAPPED_HEAP_MB}: RSS ${result.rssMB} MB vs ${result.baselineRssMB} MB: +${result.extraRssMB} MB (heap +${result.extraHeapMB} MB)`,
  );
  return result;
}
