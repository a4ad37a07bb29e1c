import path from 'node:path';
import { repoRoot } from '../portal';
import { editBackendIndex, installSteps, readInstallSteps } from './readme';

describe('install steps read from a README', () => {
  it('takes the sh lines and the backend index block of the install section only', () => {
    const steps = installSteps(
      [
        '# pkg',
        '```sh',
        'yarn not-this-one',
        '```',
        '## Installation',
        '```sh',
        '# a comment',
        'yarn --cwd packages/backend add pkg',
        '',
        '```',
        '```ts',
        '// packages/backend/src/index.ts',
        'import {',
        '  a,',
        "} from 'pkg';",
        "backend.add(import('pkg'));",
        'backend.add(a);',
        '```',
        '```ts',
        '// packages/app/src/App.tsx',
        "import x from 'other';",
        '```',
        '## Configuration',
        '```sh',
        'yarn not-this-either',
        '```',
      ].join('\n'),
    );
    expect(steps).toEqual({
      commands: ['yarn --cwd packages/backend add pkg'],
      backendIndex: {
        imports: ['import {', '  a,', "} from 'pkg';"],
        statements: ["backend.add(import('pkg'));", 'backend.add(a);'],
      },
    });
  });

  it('puts imports after the last import and statements before backend.start()', () => {
    const source = [
      "import { createBackend } from '@backstage/backend-defaults';",
      'import {',
      '  b,',
      "} from 'b';",
      '',
      'const backend = createBackend();',
      "backend.add(import('x'));",
      'backend.start();',
      '',
    ].join('\n');
    expect(
      editBackendIndex(source, {
        imports: ["import { a } from 'pkg';"],
        statements: ['backend.add(a);'],
      }),
    ).toBe(
      [
        "import { createBackend } from '@backstage/backend-defaults';",
        'import {',
        '  b,',
        "} from 'b';",
        "import { a } from 'pkg';",
        '',
        'const backend = createBackend();',
        "backend.add(import('x'));",
        'backend.add(a);',
        '',
        'backend.start();',
        '',
      ].join('\n'),
    );
    expect(() =>
      editBackendIndex('const x = 1;\n', { imports: [], statements: [] }),
    ).toThrow('no "backend.start();" line');
  });

  // What `daprise verify-install` carries out in a new app, read from the READMEs as they are.
  it.each([
    [
      'plugins/daprise/README.md',
      ['yarn --cwd packages/app add @daprise/plugin-daprise'],
      [],
    ],
    [
      'plugins/daprise-backend/README.md',
      ['yarn --cwd packages/backend add @daprise/plugin-daprise-backend'],
      ["backend.add(import('@daprise/plugin-daprise-backend'));"],
    ],
    [
      'plugins/scaffolder-backend-module-daprise/README.md',
      [
        'yarn --cwd packages/backend add @daprise/plugin-scaffolder-backend-module-daprise',
      ],
      [
        "backend.add(import('@daprise/plugin-scaffolder-backend-module-daprise'));",
      ],
    ],
  ])('%s', (readme, commands, statements) => {
    const steps = readInstallSteps(path.join(repoRoot, readme));
    expect(steps.commands).toEqual(commands);
    expect(steps.backendIndex.statements).toEqual(statements);
  });
});
