import { parseArgs } from 'node:util';

export const BENCH_USAGE =
  'usage: daprise bench [--sizes=100,1000,5000|none] [--simulated=50000|none] [--quick] [--no-profile] [--plain-pods=20000] [--only=plain-pods] [--help]';

/** Bad command-line arguments: printed with the usage line, without a stack. */
export class BenchUsageError extends Error {}

export interface BenchOptions {
  sizes: number[];
  /** Requests of each run (scaled down by --quick). */
  dapriseSequential: number;
  dapriseConcurrent: number;
  kubernetesMaxMs: number;
  kubernetesMinRequests: number;
  concurrency: number;
  seedConcurrency: number;
  /** Profile every run whose target is missed (an extra, profiled pass). */
  profileMisses: boolean;
  /** Owner-less pods without Dapr of the plain-pods step (memory against unrelated pods). */
  plainPods: number;
  /** `plain-pods`: run only that step, not the sizes. */
  only?: 'plain-pods';
  /** App-ids of the simulated fleet (20 clusters fed from memory); 0 for none. */
  simulated: number;
}

function positiveCount(flag: string, value: string): number {
  if (!/^[1-9]\d*$/.test(value))
    throw new BenchUsageError(
      `--${flag} takes a positive whole number, e.g. --${flag}=20000; got '${value}'`,
    );
  return Number(value);
}

function parseSizes(value: string): number[] {
  if (value === 'none') return [];
  const sizes = value.split(',').map(s => s.trim());
  const bad = sizes.find(s => !/^[1-9]\d*$/.test(s));
  if (bad !== undefined)
    throw new BenchUsageError(
      `--sizes takes app-id counts separated by commas, e.g. --sizes=100,1000, or none; got '${bad}' in '${value}'`,
    );
  return sizes.map(Number).sort((a, b) => a - b);
}

/** The simulated fleet's app-ids: 50,000 unless `none` or another step runs alone. */
function simulatedCount(value: string | undefined, only: string | undefined) {
  if (value === 'none') return 0;
  if (value !== undefined) return positiveCount('simulated', value);
  return only ? 0 : 50_000;
}

/** The options of `daprise bench`, or 'help' for --help. */
export function parseBenchArgs(argv: string[]): BenchOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        sizes: { type: 'string' },
        quick: { type: 'boolean' },
        'no-profile': { type: 'boolean' },
        'plain-pods': { type: 'string' },
        simulated: { type: 'string' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // node:util names the flag: "Unknown option '--size'", "Option '--sizes <value>' argument missing".
    throw new BenchUsageError(
      error instanceof Error ? error.message : String(error),
    );
  }
  if (values.help) return 'help';
  if (values.only !== undefined && values.only !== 'plain-pods')
    throw new BenchUsageError(
      `--only takes the name of a step that runs alone: plain-pods; got '${values.only}'`,
    );
  const quick = values.quick === true;
  return {
    sizes:
      values.sizes === undefined ? [100, 1000, 5000] : parseSizes(values.sizes),
    dapriseSequential: quick ? 300 : 1000,
    dapriseConcurrent: quick ? 600 : 2000,
    kubernetesMaxMs: quick ? 5000 : 20_000,
    kubernetesMinRequests: quick ? 50 : 200,
    concurrency: 16,
    seedConcurrency: 16,
    profileMisses: values['no-profile'] !== true,
    plainPods:
      values['plain-pods'] === undefined
        ? 20_000
        : positiveCount('plain-pods', values['plain-pods']),
    ...(values.only ? { only: values.only } : {}),
    simulated: simulatedCount(values.simulated, values.only),
  };
}
