import { parseArgs } from 'node:util';

export const BENCH_USAGE =
  'usage: daprise bench [--sizes=100,1000,5000] [--quick] [--no-profile] [--help]';

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
}

function parseSizes(value: string): number[] {
  const sizes = value.split(',').map(s => s.trim());
  const bad = sizes.find(s => !/^[1-9]\d*$/.test(s));
  if (bad !== undefined)
    throw new BenchUsageError(
      `--sizes takes app-id counts separated by commas, e.g. --sizes=100,1000; got '${bad}' in '${value}'`,
    );
  return sizes.map(Number).sort((a, b) => a - b);
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
  };
}
