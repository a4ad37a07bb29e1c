import { BenchUsageError, BENCH_USAGE } from './bench/options';
import { runBench } from './bench/run';

/**
 * `daprise bench` (`npm run bench`): Daprise against the Backstage Kubernetes plugin on the local
 * control plane with 100, 1,000 and 5,000 app-ids; prints a table per size and writes the
 * results to bench/results/. See bench/run.ts. A benchmark, not a test: a missed target is
 * reported, not an error.
 */
runBench(process.argv.slice(2)).catch(error => {
  if (error instanceof BenchUsageError) {
    process.stderr.write(`daprise bench: ${error.message}\n${BENCH_USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`daprise bench failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
