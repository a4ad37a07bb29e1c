/*
 * `daprise bench`: Daprise against the Backstage Kubernetes plugin of the same release, on one
 * local control plane seeded in steps (100, 1,000, 5,000 app-ids, each rendered by
 * `renderService`). For every size (size.ts, its steps in steps/): a backend without
 * Daprise's index ingests the catalog (one entity per app), a fresh one gives the memory
 * baseline, and a fresh one with Daprise is measured: first complete index, memory after GC,
 * entity views of both plugins for the same entities (sequential for latency, concurrency 16
 * for throughput, API-server requests from its /metrics), the fleet page, change visibility,
 * render + dry run, and the hops an entity view makes. Whatever misses its target is profiled
 * in an extra pass. Prints a table per size and writes bench/results/<timestamp>.json and
 * latest.json. Then the plain-pods step (steps/plainPods.ts): the heap with and without
 * 20,000 owner-less pods that are not Dapr's. Last, in-process, the simulated fleet
 * (steps/simulatedFleet.ts): 50,000 app-ids over 20 clusters fed to the fleet index from
 * memory. Options (options.ts): --sizes=100,1000,5000 (or none), --simulated=50000 (or none),
 * --quick (fewer requests), --no-profile, --plain-pods=20000, --only=plain-pods (that step
 * alone), --help.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  connectionOf,
  LocalControlPlane,
  mintServiceAccount,
  repoRoot,
} from '@daprise/local-control-plane';
import { BenchCluster } from './backendProcess';
import { Context, log, round } from './common';
import { BENCH_USAGE, parseBenchArgs } from './options';
import { printReport, SizeResult, TARGETS, writeResults } from './report';
import { FLEET_RULE, NAMESPACE_COUNT, seedNamespaces } from './seed';
import { benchSize } from './size';
import { measurePlainPods } from './steps/plainPods';
import { measureSimulatedFleet } from './steps/simulatedFleet';

export async function runBench(argv: string[]): Promise<void> {
  const options = parseBenchArgs(argv);
  if (options === 'help') {
    log(BENCH_USAGE);
    return;
  }
  const startedAt = new Date();
  const started = performance.now();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const resultsDir = path.join(repoRoot(), 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  log(
    `bench: ${os.cpus().length} cores, ${round(
      os.totalmem() / 1024 ** 3,
      1,
    )} GiB, load average ${os
      .loadavg()
      .map(l => round(l, 1))
      .join(' ')}`,
  );

  const loads: number[][] = [];
  const loadTimer = setInterval(() => loads.push(os.loadavg()), 10_000);
  const machine = () => ({
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    loadAverage1m: {
      min: round(Math.min(...loads.map(l => l[0]))),
      max: round(Math.max(...loads.map(l => l[0]))),
    },
  });
  // What every results file starts with: when, how long, on what, with which options and targets.
  const runFacts = () => ({
    startedAt: startedAt.toISOString(),
    durationSeconds: Math.round((performance.now() - started) / 1000),
    machine: machine(),
    options,
    targets: TARGETS,
  });
  const needsCluster =
    options.sizes.length > 0 || options.only === 'plain-pods';
  if (!needsCluster) {
    // The simulated fleet alone: no control plane, no backend process.
    try {
      const simulated = await measureSimulatedFleet(options.simulated);
      const results = {
        ...runFacts(),
        sizes: [] as SizeResult[],
        simulated,
      };
      printReport(results);
      const files = writeResults(resultsDir, stamp, results);
      log(`\nbench: results in ${files.join(' and ')}`);
    } finally {
      clearInterval(loadTimer);
    }
    return;
  }

  // Ctrl-C or a SIGTERM: exit through process.exit, so that the 'exit' handlers stop the
  // backend child and the control plane and remove the temp dir.
  const onSignal = () => process.exit(130);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  log('bench: starting the local control plane');
  const cp = await LocalControlPlane.start({ log });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daprise-bench-'));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  const kube = cp.adminKubeConfig();
  try {
    await cp.apply(path.join(repoRoot(), 'examples', 'rbac'));
    // Both plugins read with the token of the shipped read-only ClusterRole.
    const reader = await mintServiceAccount(cp.adminKubeConfig(), {
      name: 'daprise-reader',
      namespace: 'daprise-system',
    });
    const cluster: BenchCluster = {
      name: 'bench',
      url: cp.server,
      caData: cp.caData,
      token: reader.token,
    };
    const base = await seedNamespaces(kube);
    const ctx: Context = { cp, kube, cluster, dir, resultsDir, options, stamp };
    const seeded = { count: 0, objects: base };
    const sizes: SizeResult[] = [];
    if (options.only !== 'plain-pods')
      for (const n of options.sizes)
        sizes.push(await benchSize(ctx, n, seeded));
    // Last: its pods stay in the cluster.
    const plainPods = await measurePlainPods(ctx, seeded);
    // In-process, after the backends have gone.
    const simulated =
      options.simulated > 0 && options.only !== 'plain-pods'
        ? await measureSimulatedFleet(options.simulated)
        : undefined;
    const results = {
      ...runFacts(),
      setup: {
        namespaces: NAMESPACE_COUNT,
        fleetRule: FLEET_RULE,
        principal:
          'a signed-in user (guest sign-in token) through the permission framework (allow-all policy)',
        kubernetesPlugin:
          'POST /api/kubernetes/services/:name with {entity}, as its entity page does; objectTypes services, deployments, daemonsets, statefulsets; customResources components.dapr.io, httproutes, ciliumnetworkpolicies',
        memory:
          'extra = RSS (after a full GC) of the backend with Daprise indexing the cluster minus RSS of a fresh backend with the same config and catalog and Daprise watching no cluster',
        apiServerReads:
          'apiserver_request_total (verbs other than WATCH) on the kinds either plugin reads, from the API server /metrics before and after each run',
      },
      sizes,
      plainPods,
      ...(simulated ? { simulated } : {}),
    };
    printReport(results);
    const files = writeResults(resultsDir, stamp, results);
    log(
      `\nbench: results in ${files.join(' and ')}; took ${Math.floor(
        results.durationSeconds / 60,
      )} min ${results.durationSeconds % 60} s`,
    );
  } finally {
    clearInterval(loadTimer);
    connectionOf(kube).close();
    await cp.stop();
    removeDir();
    process.removeListener('exit', removeDir);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
