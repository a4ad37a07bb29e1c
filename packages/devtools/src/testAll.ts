import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './portal';

/**
 * `daprise test`: the static checks, then every Jest suite of the workspace (unit,
 * integration against the local control plane, and the browser end-to-end tests) in
 * one run, ending with the one line CI reads: `N passed, N failed`.
 */
const yarn = [path.join(repoRoot, '.yarn', 'releases', 'yarn-4.13.0.cjs')];

function run(label: string, args: string[]): boolean {
  process.stderr.write(`\ndaprise test: ${label}\n`);
  // CI=true: backstage-cli otherwise starts Jest in watch mode.
  const result = spawnSync(process.execPath, [...yarn, ...args], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, CI: 'true' },
  });
  return result.status === 0;
}

// The `src` folder of every plugin and package: where an import circle could form.
const sourceDirs = ['plugins', 'packages'].flatMap(group =>
  fs
    .readdirSync(path.join(repoRoot, group))
    .map(name => path.join(group, name, 'src'))
    .filter(dir => fs.existsSync(path.join(repoRoot, dir)))
    .sort(),
);

const checks: Array<[string, string[]]> = [
  // Emits declarations to dist-types (ignored by git), which the API reports read. Not
  // incremental: types inferred from zod print their properties in an order that depends on
  // the compiler's state, and the reports must compare equal to a clean build's.
  ['type check (tsc)', ['tsc', '--incremental', 'false']],
  [
    'API reports (unchanged public API, or updated report.api.md)',
    [
      'build:api-reports',
      '--ci',
      'plugins/daprise',
      'plugins/daprise-common',
      'plugins/daprise-node',
      'plugins/daprise-backend',
      'plugins/scaffolder-backend-module-daprise',
    ],
  ],
  ['lint (backstage-cli repo lint)', ['backstage-cli', 'repo', 'lint']],
  [
    // The model flows one way (slim objects, snapshot, analysis, app index, rules, findings);
    // a circle between modules, even of types only, means a layer reaches back up.
    'import cycles (madge --circular)',
    [
      'madge',
      '--circular',
      '--extensions',
      'ts,tsx',
      '--no-spinner',
      ...sourceDirs,
    ],
  ],
  ['formatting (prettier --check)', ['prettier', '--check', '.']],
];

const only = process.argv.slice(2);
const failedChecks = only.length
  ? []
  : checks.filter(([label, args]) => !run(label, args)).map(([label]) => label);

const results = path.join(
  fs.mkdtempSync(path.join(os.tmpdir(), 'daprise-test-')),
  'jest.json',
);
const jestOk = run('Jest (unit, local control plane, browser)', [
  'backstage-cli',
  'repo',
  'test',
  '--ci',
  '--json',
  `--outputFile=${results}`,
  ...only,
]);

let passed = 0;
let failed = 0;
if (fs.existsSync(results)) {
  const summary = JSON.parse(fs.readFileSync(results, 'utf8'));
  passed = summary.numPassedTests;
  failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
  for (const suite of summary.testResults) {
    if (suite.status !== 'passed') {
      process.stderr.write(`FAILED ${path.relative(repoRoot, suite.name)}\n`);
    }
  }
} else {
  failed = 1;
}
fs.rmSync(path.dirname(results), { recursive: true, force: true });
if (failedChecks.length)
  process.stderr.write(`failed checks: ${failedChecks.join(', ')}\n`);
process.stdout.write(
  `${passed} passed, ${failed + failedChecks.length} failed\n`,
);
process.exit(jestOk && failed === 0 && failedChecks.length === 0 ? 0 : 1);
