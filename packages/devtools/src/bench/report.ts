import fs from 'node:fs';
import path from 'node:path';
import type { LoadStats } from './httpClient';
import type { ProfileSummary } from './profile';
import type { SimulatedResult } from './steps/simulatedFleet';

/** The issue's targets. */
export const TARGETS = {
  /** API-server requests per entity view once warm. */
  apiServerReadsPerView: 0,
  /** p99 of the entity endpoint at 5,000 app-ids. */
  entityP99Ms: 10,
  entityP99AtApps: 5000,
  /** Daprise's throughput over the Kubernetes plugin's for the same entity data. */
  throughputRatio: 20,
  /** Extra memory for 25,000 indexed objects. */
  extraMemoryMBPer25kObjects: 150,
  /** A cluster change visible on the entity endpoint: every one, and the median. */
  changeVisibleMs: 1000,
  changeVisibleMedianMs: 60,
  /** The simulated fleet (50,000 app-ids over 20 clusters, fed from memory). */
  simulatedChangeVisibleMedianMs: 60,
  simulatedFleetP99Ms: 20,
  /** A fleet page of 100 rows with a filter. */
  fleetP99Ms: 50,
  /** Render plus server-side dry run of one service. */
  renderDryRunMs: 1000,
  /**
   * Heap per owner-less pod without Dapr: the watch's map entry, nothing of the pod itself
   * (every such pod slims to the shared SKIPPED_POD).
   */
  heapBytesPerPlainPod: 256,
};

/** The plain-pods step: the backend's heap with and without owner-less pods that are not Dapr's. */
export interface PlainPodsResult {
  plainPods: number;
  daprPods: number;
  createSeconds: number;
  appsBefore: number;
  appsAfter: number;
  podsWatchedBefore: number;
  podsWatchedAfter: number;
  heapBeforeMB: number;
  heapAfterMB: number;
  heapGrowthMB: number;
  heapBytesPerPlainPod: number;
  rssBeforeMB: number;
  rssAfterMB: number;
  met: boolean;
}

/** The plain-pods step as a check, like the sizes' rows. */
function plainPodsCheck(result: PlainPodsResult): Check {
  return {
    apps: 0,
    metric: `heap per plain pod (${result.plainPods} pods)`,
    target: `<= ${TARGETS.heapBytesPerPlainPod} B`,
    value: `${result.heapBytesPerPlainPod} B (${result.heapGrowthMB} MB)`,
    met: result.met,
  };
}

type Measured = LoadStats & {
  apiServerReads: number;
  apiServerReadsPerView: number;
  apiServerByResource: Record<string, number>;
};

interface Spread {
  samples: number[];
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Everything measured at one size. */
export interface SizeResult {
  apps: number;
  seeding: {
    apps: number;
    objects: number;
    requests: number;
    ms: number;
    objectsPerSecond: number;
    totalObjects: number;
  };
  catalogIngestMs: number;
  index: {
    msFromPluginStart: number;
    msToClusterSynced: number;
    msFromProcessSpawn: number;
    indexedObjects: number;
    listRequests: number;
    rebuildLog: string[];
  };
  memory: {
    baselineRssMB: number;
    rssMB: number;
    extraRssMB: number;
    baselineHeapMB: number;
    heapMB: number;
    extraHeapMB: number;
    indexedObjects: number;
    extraRssMBPer25kObjects: number;
    baselineHeapTotalMB: number;
    heapTotalMB: number;
    rssAfterLoadMB?: number;
    peakRssMB?: number;
    /** The same comparison with a bounded V8 heap (largest size only). */
    capped?: {
      maxOldSpaceSizeMB: number;
      baselineRssMB: number;
      rssMB: number;
      extraRssMB: number;
      extraHeapMB: number;
      extraRssMBPer25kObjects: number;
    };
  };
  loadAverage1m?: { atStart: number; atEnd: number };
  daprise: {
    sequential: Measured;
    sequentialServiceToken: LoadStats;
    concurrent: Measured;
    listRequestsDuringViews: number;
    /** Index rebuilds during the entity runs, when nothing changed in the cluster. */
    idleRebuilds?: { rebuilds: number; seconds: number };
    /** A quiet minute of views, 20 ms apart (largest size). */
    quietMinute?: {
      seconds: number;
      views: number;
      rebuilds: number;
      duringRebuild: number[];
      p50: number;
      p99: number;
      max: number;
    };
    responseBytes: number;
    /** The hops of an entity view measured on their own (when the entity targets are missed). */
    hops?: Record<string, LoadStats>;
  };
  kubernetes: {
    sequential: Measured;
    concurrent: Measured;
    responseBytes: number;
  };
  fleet: LoadStats & { totalCount: number; pageSize: number; rule: string };
  change: Spread & { median: number };
  render: Spread & { objects: number };
  profiles?: {
    entity?: ProfileSummary;
    fleet?: ProfileSummary;
    change?: ProfileSummary;
  };
}

export interface Check {
  apps: number;
  metric: string;
  target: string;
  value: string;
  met: boolean;
}

const fmt = (value: number, digits = 1) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', {
        maximumFractionDigits: digits,
        minimumFractionDigits: 0,
      })
    : '—';
const ratio = (a: number, b: number) => {
  if (b > 0 && Number.isFinite(a / b)) return `${fmt(a / b, 1)}×`;
  return a > 0 ? '∞' : '—';
};
/** Whether a value within the target, shown in parentheses where the target does not apply. */
const informative = (met: boolean) => (met ? '(yes)' : '(no)');

interface Row {
  metric: string;
  daprise: string;
  kubernetes: string;
  ratio: string;
  target: string;
  met: string;
}

/** The rows of one size's table, and the targets it judged. */
export function rowsFor(size: SizeResult): { rows: Row[]; checks: Check[] } {
  const rows: Row[] = [];
  // Most rows fill only some columns: the rest are blank.
  const add = (row: Pick<Row, 'metric' | 'daprise'> & Partial<Row>): void => {
    rows.push({ kubernetes: '', ratio: '', target: '', met: '', ...row });
  };
  const checks: Check[] = [];
  const judge = (
    metric: string,
    target: string,
    value: string,
    met: boolean,
  ) => {
    checks.push({ apps: size.apps, metric, target, value, met });
    return met ? 'yes' : 'MISSED';
  };
  const d = size.daprise;
  const k = size.kubernetes;

  const dReads = Math.max(
    d.sequential.apiServerReadsPerView,
    d.concurrent.apiServerReadsPerView,
  );
  add({
    metric: 'API-server requests per entity view',
    daprise: fmt(dReads, 3),
    kubernetes: fmt(k.sequential.apiServerReadsPerView, 2),
    ratio:
      dReads === 0
        ? 'none vs all'
        : ratio(k.sequential.apiServerReadsPerView, dReads),
    target: '0 once warm',
    met: judge(
      'API-server requests per entity view',
      '0',
      fmt(dReads, 3),
      dReads === TARGETS.apiServerReadsPerView,
    ),
  });
  add({
    metric: 'entity view p50, sequential (ms)',
    daprise: fmt(d.sequential.p50, 2),
    kubernetes: fmt(k.sequential.p50, 2),
    ratio: ratio(k.sequential.p50, d.sequential.p50),
  });
  const p99Judged = size.apps >= TARGETS.entityP99AtApps;
  add({
    metric: 'entity view p99, sequential (ms)',
    daprise: fmt(d.sequential.p99, 2),
    kubernetes: fmt(k.sequential.p99, 2),
    ratio: ratio(k.sequential.p99, d.sequential.p99),
    target: `<= ${TARGETS.entityP99Ms} ms${p99Judged ? '' : ' (at 5,000)'}`,
    met: p99Judged
      ? judge(
          'entity view p99',
          `<= ${TARGETS.entityP99Ms} ms`,
          `${fmt(d.sequential.p99, 2)} ms`,
          d.sequential.p99 <= TARGETS.entityP99Ms,
        )
      : informative(d.sequential.p99 <= TARGETS.entityP99Ms),
  });
  add({
    metric: 'entity view p99 with a service token (ms)',
    daprise: fmt(d.sequentialServiceToken.p99, 2),
  });
  const throughputRatio = d.concurrent.throughput / k.concurrent.throughput;
  add({
    metric: `throughput at concurrency ${d.concurrent.concurrency} (views/s)`,
    daprise: fmt(d.concurrent.throughput, 1),
    kubernetes: fmt(k.concurrent.throughput, 1),
    ratio: ratio(d.concurrent.throughput, k.concurrent.throughput),
    target: `>= ${TARGETS.throughputRatio}×`,
    met: judge(
      'throughput vs Kubernetes plugin',
      `>= ${TARGETS.throughputRatio}×`,
      `${fmt(throughputRatio, 1)}×`,
      throughputRatio >= TARGETS.throughputRatio,
    ),
  });
  add({
    metric: `p99 at concurrency ${d.concurrent.concurrency} (ms)`,
    daprise: fmt(d.concurrent.p99, 1),
    kubernetes: fmt(k.concurrent.p99, 1),
    ratio: ratio(k.concurrent.p99, d.concurrent.p99),
  });
  const hops = d.hops;
  if (hops) {
    add({
      metric: 'hops p50: no-op / authorize / catalog / view (ms)',
      daprise: [
        hops.authenticatedNoop,
        hops.permissionAuthorize,
        hops.catalogGetEntityByRef,
        hops.entityView,
      ]
        .map(h => fmt(h?.p50 ?? NaN, 1))
        .join(' / '),
    });
    const noop = hops.authenticatedNoopConcurrent;
    if (noop) {
      add({
        metric: `ceiling: authenticated no-op at concurrency ${noop.concurrency} (req/s)`,
        daprise: fmt(noop.throughput, 1),
        kubernetes: fmt(k.concurrent.throughput, 1),
        ratio: ratio(noop.throughput, k.concurrent.throughput),
      });
    }
  }
  add({
    metric: 'response size (KB)',
    daprise: fmt(d.responseBytes / 1024, 1),
    kubernetes: fmt(k.responseBytes / 1024, 1),
  });
  add({
    metric: 'backend RSS after GC (MB; K8s col: no index)',
    daprise: fmt(size.memory.rssMB, 0),
    kubernetes: fmt(size.memory.baselineRssMB, 0),
  });
  add({
    metric: `extra RSS for ${fmt(size.memory.indexedObjects, 0)} objects (MB)`,
    daprise: `+${fmt(size.memory.extraRssMB, 1)}`,
    ratio: `${fmt(size.memory.extraRssMBPer25kObjects, 1)}/25k`,
    target: `<= ${TARGETS.extraMemoryMBPer25kObjects} MB/25k`,
    met:
      size.memory.indexedObjects >= 25_000
        ? judge(
            'extra memory per 25,000 objects',
            `<= ${TARGETS.extraMemoryMBPer25kObjects} MB`,
            `${fmt(size.memory.extraRssMBPer25kObjects, 1)} MB (+${fmt(
              size.memory.extraRssMB,
              1,
            )} MB for ${fmt(size.memory.indexedObjects, 0)})`,
            size.memory.extraRssMBPer25kObjects <=
              TARGETS.extraMemoryMBPer25kObjects,
          )
        : informative(
            size.memory.extraRssMBPer25kObjects <=
              TARGETS.extraMemoryMBPer25kObjects,
          ),
  });
  add({
    metric: 'extra heap after GC (MB)',
    daprise: `+${fmt(size.memory.extraHeapMB, 1)}`,
    ratio: `${fmt(
      size.memory.extraHeapMB * (25_000 / size.memory.indexedObjects),
      1,
    )}/25k`,
  });
  const capped = size.memory.capped;
  if (capped) {
    add({
      metric: `extra RSS, --max-old-space-size=${capped.maxOldSpaceSizeMB} (MB)`,
      daprise: `+${fmt(capped.extraRssMB, 1)}`,
      ratio: `${fmt(capped.extraRssMBPer25kObjects, 1)}/25k`,
      target: `<= ${TARGETS.extraMemoryMBPer25kObjects} MB/25k`,
      met: informative(
        capped.extraRssMBPer25kObjects <= TARGETS.extraMemoryMBPer25kObjects,
      ),
    });
  }
  const quiet = d.quietMinute;
  if (quiet) {
    add({
      metric: 'quiet minute: rebuilds / view max (ms)',
      daprise: `${quiet.rebuilds} / ${fmt(quiet.max, 0)}`,
    });
  }
  const idle = d.idleRebuilds;
  if (idle) {
    add({
      metric: 'index rebuilds with no cluster change',
      daprise: `${idle.rebuilds} in ${fmt(idle.seconds, 0)} s`,
    });
  }
  add({
    metric: 'time to first complete index (ms)',
    daprise: fmt(size.index.msFromPluginStart, 0),
    kubernetes: 'no index',
  });
  // Both are checks of their own: judged before either is shown.
  const changeMedian = judge(
    'cluster change visible (median)',
    `<= ${TARGETS.changeVisibleMedianMs} ms`,
    `${fmt(size.change.median, 0)} ms`,
    size.change.median <= TARGETS.changeVisibleMedianMs,
  );
  const changeMax = judge(
    'cluster change visible (max)',
    `<= ${TARGETS.changeVisibleMs} ms`,
    `${fmt(size.change.max, 0)} ms`,
    size.change.max <= TARGETS.changeVisibleMs,
  );
  add({
    metric: 'cluster change visible, median / max (ms)',
    daprise: `${fmt(size.change.median, 0)} / ${fmt(size.change.max, 0)}`,
    kubernetes: 'live reads',
    target: `<= ${fmt(TARGETS.changeVisibleMedianMs, 0)} / ${fmt(
      TARGETS.changeVisibleMs,
      0,
    )} ms`,
    met: changeMedian === 'yes' && changeMax === 'yes' ? 'yes' : 'MISSED',
  });
  add({
    metric: `fleet page (${size.fleet.pageSize} of ${size.fleet.totalCount}) p50 / p99 (ms)`,
    daprise: `${fmt(size.fleet.p50, 1)} / ${fmt(size.fleet.p99, 1)}`,
    target: `<= ${TARGETS.fleetP99Ms} ms`,
    met: judge(
      'fleet page p99',
      `<= ${TARGETS.fleetP99Ms} ms`,
      `${fmt(size.fleet.p99, 1)} ms`,
      size.fleet.p99 <= TARGETS.fleetP99Ms,
    ),
  });
  add({
    metric: `render + dry run (${size.render.objects} objects) p50 / max (ms)`,
    daprise: `${fmt(size.render.p50, 0)} / ${fmt(size.render.max, 0)}`,
    target: `<= ${fmt(TARGETS.renderDryRunMs, 0)} ms`,
    met: judge(
      'render + dry run p50',
      `<= ${TARGETS.renderDryRunMs} ms`,
      `${fmt(size.render.p50, 0)} ms`,
      size.render.p50 <= TARGETS.renderDryRunMs,
    ),
  });
  return { rows, checks };
}

function table(rows: Row[]): string {
  const header: Row = {
    metric: 'metric',
    daprise: 'Daprise',
    kubernetes: 'Kubernetes plugin',
    ratio: 'ratio',
    target: 'target',
    met: 'met?',
  };
  const all = [header, ...rows];
  const keys = Object.keys(header) as Array<keyof Row>;
  const widths = keys.map(key => Math.max(...all.map(row => row[key].length)));
  const line = (row: Row) =>
    `| ${keys
      .map((key, i) =>
        i === 0 ? row[key].padEnd(widths[i]) : row[key].padStart(widths[i]),
      )
      .join(' | ')} |`;
  const rule = `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function verdict(met: boolean | undefined): string {
  if (met === undefined) return '';
  return met ? 'yes' : 'MISSED';
}

/** The simulated fleet's rows and checks. */
function simulatedRows(result: SimulatedResult): {
  rows: Row[];
  checks: Check[];
} {
  const checks: Check[] = [];
  const rows: Row[] = [];
  const add = (
    metric: string,
    value: string,
    target = '',
    met?: boolean,
    checkValue?: string,
  ) => {
    rows.push({
      metric,
      daprise: value,
      kubernetes: '',
      ratio: '',
      target,
      met: verdict(met),
    });
    if (met !== undefined)
      checks.push({
        apps: result.apps,
        metric: `simulated: ${metric}`,
        target,
        value: checkValue ?? value,
        met,
      });
  };
  add(
    'objects fed / first complete index (ms)',
    `${result.objects} / ${fmt(result.firstIndexMs, 0)}`,
  );
  add(
    `change visible (${result.changes} changes), median / p95 / max (ms)`,
    `${fmt(result.change.median, 1)} / ${fmt(result.change.p95, 1)} / ${fmt(
      result.change.max,
      0,
    )}`,
    `median <= ${TARGETS.simulatedChangeVisibleMedianMs} ms`,
    result.change.median <= TARGETS.simulatedChangeVisibleMedianMs,
    `${fmt(result.change.median, 1)} ms`,
  );
  add(
    'index update per change (debounce apart), median / p95 (ms)',
    `${fmt(result.update.median, 1)} / ${fmt(result.update.p95, 1)}`,
  );
  add(
    `fleet page (${result.fleet.pageSize} of ${result.fleet.totalCount}) p50 / p99 (ms)`,
    `${fmt(result.fleet.p50, 2)} / ${fmt(result.fleet.p99, 2)}`,
    `p99 <= ${TARGETS.simulatedFleetP99Ms} ms`,
    result.fleet.p99 <= TARGETS.simulatedFleetP99Ms,
    `${fmt(result.fleet.p99, 2)} ms`,
  );
  add(
    'fleet page, first request after a change, median / max (ms)',
    `${fmt(result.fleet.firstAfterChange.median, 1)} / ${fmt(
      result.fleet.firstAfterChange.max,
      1,
    )}`,
  );
  return { rows, checks };
}

/** Every check of a run: the sizes', the plain-pods step's and the simulated fleet's. */
function allChecks(results: {
  sizes: SizeResult[];
  plainPods?: PlainPodsResult;
  simulated?: SimulatedResult;
}): Check[] {
  return [
    ...results.sizes.flatMap(size => rowsFor(size).checks),
    ...(results.plainPods ? [plainPodsCheck(results.plainPods)] : []),
    ...(results.simulated ? simulatedRows(results.simulated).checks : []),
  ];
}

export function printReport(results: {
  sizes: SizeResult[];
  plainPods?: PlainPodsResult;
  simulated?: SimulatedResult;
  durationSeconds: number;
  machine: Record<string, unknown>;
}) {
  const out: string[] = [];
  const checks: Check[] = [];
  for (const size of results.sizes) {
    const { rows, checks: sizeChecks } = rowsFor(size);
    checks.push(...sizeChecks);
    out.push(
      '',
      `N = ${size.apps.toLocaleString(
        'en-US',
      )} app-ids (${size.seeding.totalObjects.toLocaleString(
        'en-US',
      )} objects in the cluster, ${size.index.indexedObjects.toLocaleString(
        'en-US',
      )} indexed by Daprise; machine load average ${
        size.loadAverage1m
          ? `${size.loadAverage1m.atStart} at the start, ${size.loadAverage1m.atEnd} at the end`
          : 'not recorded'
      })`,
      table(rows),
    );
  }
  const pods = results.plainPods;
  if (pods) {
    checks.push(plainPodsCheck(pods));
    out.push(
      '',
      `${pods.plainPods.toLocaleString(
        'en-US',
      )} owner-less pods without Dapr, beside ${pods.appsAfter} apps (${
        pods.daprPods
      } of them owner-less Dapr pods)`,
      table([
        {
          metric: 'heap after GC, without / with the pods (MB)',
          daprise: `${fmt(pods.heapBeforeMB)} / ${fmt(pods.heapAfterMB)}`,
          kubernetes: '',
          ratio: '',
          target: '',
          met: '',
        },
        {
          metric: 'heap growth per plain pod (B)',
          daprise: `${fmt(pods.heapBytesPerPlainPod, 0)} (${fmt(
            pods.heapGrowthMB,
          )} MB)`,
          kubernetes: '',
          ratio: '',
          target: `<= ${TARGETS.heapBytesPerPlainPod} B`,
          met: pods.met ? 'yes' : 'NO',
        },
        {
          metric: 'RSS after GC, without / with the pods (MB)',
          daprise: `${fmt(pods.rssBeforeMB)} / ${fmt(pods.rssAfterMB)}`,
          kubernetes: '',
          ratio: '',
          target: '',
          met: '',
        },
      ]),
    );
  }
  const simulated = results.simulated;
  if (simulated) {
    const { rows, checks: simulatedChecks } = simulatedRows(simulated);
    checks.push(...simulatedChecks);
    out.push(
      '',
      `Simulated fleet: ${simulated.apps.toLocaleString(
        'en-US',
      )} app-ids over ${
        simulated.clusters
      } clusters, fed to the fleet index from memory (machine load average ${
        simulated.loadAverage1m.atStart
      } at the start, ${simulated.loadAverage1m.atEnd} at the end)`,
      table(rows),
    );
  }
  const missed = checks.filter(c => !c.met);
  out.push('');
  if (missed.length === 0) {
    out.push('All targets met.');
  } else {
    out.push(`Targets MISSED (${missed.length}):`);
    for (const c of missed)
      out.push(
        `  - N = ${c.apps}: ${c.metric}: ${c.value} (target ${c.target})`,
      );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

export function writeResults(
  dir: string,
  stamp: string,
  results: {
    sizes: SizeResult[];
    plainPods?: PlainPodsResult;
    simulated?: SimulatedResult;
  },
): string[] {
  const checks = allChecks(results);
  const json = `${JSON.stringify(
    { ...results, checks, missed: checks.filter(c => !c.met) },
    null,
    2,
  )}\n`;
  const files = [
    path.join(dir, `${stamp}.json`),
    path.join(dir, 'latest.json'),
  ];
  for (const file of files) fs.writeFileSync(file, json);
  return files;
}
