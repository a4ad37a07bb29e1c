import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@daprise/local-control-plane';
import {
  componentTypeChoices,
  componentVersionChoices,
} from '@daprise/plugin-daprise-common';
import {
  buildComponentTypesBundle,
  serializeComponentTypesBundle,
} from './componentTypes/readMetadata';
import { withComponentChoices } from './componentTypes/templateChoices';

// Regenerates plugins/daprise-common/src/componentTypes/bundle.json, the component types
// that the portal knows, from the metadata.yaml files of components-contrib, and the
// component choices of the scaffolder template from it. Run by hand
// (`yarn components-bundle`) when moving to a new Dapr release: the bundle is committed, so
// neither the demo nor the tests need Go or the network for it.
const MODULE = 'github.com/dapr/components-contrib';
const VERSION = 'v1.18.0';
// The module zip's h1: hash (go.sum's), so that a rerun reads the same files.
const SUM = 'h1:528bpgWFN+xUfD5cleyDf3Ae53Rv1QJJJPdvDHFLfyE=';

const OUT = path.join(
  repoRoot(),
  'plugins/daprise-common/src/componentTypes/bundle.json',
);
const TEMPLATE = path.join(
  repoRoot(),
  'examples/templates/dapr-shared-service/template.yaml',
);

function download(): string {
  // Outside any Go module, so that only this module's zip is fetched (and checked against
  // the checksum database), not its dependencies.
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'daprise-gomod-'));
  try {
    const result = spawnSync(
      'go',
      ['mod', 'download', '-json', `${MODULE}@${VERSION}`],
      {
        cwd,
        encoding: 'utf8',
        env: {
          ...process.env,
          GOTOOLCHAIN: 'local',
          GOWORK: 'off',
          GOFLAGS: '',
        },
      },
    );
    if (result.error) throw result.error;
    const info = result.stdout ? JSON.parse(result.stdout) : {};
    if (result.status !== 0) {
      throw new Error(
        `go mod download ${MODULE}@${VERSION}: ${info.Error ?? result.stderr}`,
      );
    }
    if (info.Sum !== SUM) {
      throw new Error(
        `${MODULE}@${VERSION}: the module's hash is ${info.Sum}, want ${SUM}`,
      );
    }
    return info.Dir;
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

const bundle = buildComponentTypesBundle(download(), {
  module: MODULE,
  version: VERSION,
  sum: SUM,
});
const text = serializeComponentTypesBundle(bundle);
const unchanged = fs.existsSync(OUT) && fs.readFileSync(OUT, 'utf8') === text;
fs.writeFileSync(OUT, text);
process.stderr.write(
  `daprise: ${bundle.types.length} component types of ${MODULE}@${VERSION} ${
    unchanged ? 'unchanged in' : 'written to'
  } ${path.relative(process.cwd(), OUT)} (${text.length} bytes)\n`,
);

const template = fs.readFileSync(TEMPLATE, 'utf8');
const withChoices = withComponentChoices(
  template,
  componentTypeChoices(bundle.types),
  componentVersionChoices(bundle.types),
);
fs.writeFileSync(TEMPLATE, withChoices);
process.stderr.write(
  `daprise: the template's component choices ${
    withChoices === template ? 'unchanged in' : 'written to'
  } ${path.relative(process.cwd(), TEMPLATE)}\n`,
);
