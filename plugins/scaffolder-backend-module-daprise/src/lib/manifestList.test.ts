import fs from 'node:fs';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { stringify } from 'yaml';
import {
  MANIFEST_LIST_FILE,
  manifestListsFor,
  readListedManifests,
} from './manifestList';
import { writeFilesAtomically } from './workspace';

const mockDir = createMockDirectory();

const configMap = (name: string) =>
  stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'shop' },
  });

/** What the render action writes: the files and, for deploy/, their manifest list. */
async function render() {
  const files = [
    { path: 'deploy/app.yaml', content: configMap('app') },
    { path: 'deploy/nested/more.yaml', content: configMap('more') },
    { path: 'deploy/values.yaml', content: stringify({ replicas: 1 }) },
    { path: 'catalog-info.yaml', content: 'kind: Component\n' },
  ];
  await writeFilesAtomically({
    workspacePath: mockDir.path,
    targetDir: mockDir.path,
    files: [...files, ...manifestListsFor(files)],
  });
}

const read = (target = 'deploy') =>
  readListedManifests(mockDir.path, mockDir.resolve(target));

const refusal = (target = 'deploy') =>
  read(target).then(
    () => {
      throw new Error('read succeeded');
    },
    (e: Error) => e.message,
  );

describe('manifest lists', () => {
  beforeEach(async () => {
    mockDir.clear();
    await render();
  });

  it('lists every file of each folder with its SHA-256, and none for top-level files', () => {
    const lists = manifestListsFor([
      { path: 'deploy/a.yaml', content: 'a' },
      { path: 'catalog-info.yaml', content: 'c' },
    ]);
    expect(lists).toEqual([
      {
        path: `deploy/${MANIFEST_LIST_FILE}`,
        content: expect.any(String),
      },
    ]);
    expect(JSON.parse(lists[0].content)).toEqual({
      writtenBy: 'daprise:service:render',
      files: [
        {
          path: 'a.yaml',
          // sha256("a")
          sha256:
            'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb',
        },
      ],
    });
  });

  it('reads the listed manifests when the folder is as render wrote it', async () => {
    const { manifests, skipped } = await read();
    expect(manifests.map(m => `${m.source} ${m.object.metadata.name}`)).toEqual(
      ['deploy/app.yaml#0 app', 'deploy/nested/more.yaml#0 more'],
    );
    expect(skipped.map(s => s.source)).toEqual(['deploy/values.yaml#0']);
  });

  it('reads one listed file of the folder', async () => {
    const { manifests } = await read('deploy/app.yaml');
    expect(manifests.map(m => m.object.metadata.name)).toEqual(['app']);
  });

  it('refuses an extra file, of any type, naming it', async () => {
    fs.writeFileSync(mockDir.resolve('deploy/zz-extra.yaml'), configMap('x'));
    fs.writeFileSync(mockDir.resolve('deploy/nested/notes.txt'), 'hi');
    const message = await refusal();
    expect(message).toContain(
      'Nothing was applied: the manifests under deploy are not exactly what daprise:service:render wrote:',
    );
    expect(message).toContain(
      `- deploy/nested/notes.txt: not written by daprise:service:render (not in deploy/${MANIFEST_LIST_FILE}) — remove it, or have the template render it`,
    );
    expect(message).toContain('- deploy/zz-extra.yaml: not written by');
  });

  it('refuses a changed file, naming it', async () => {
    fs.appendFileSync(
      mockDir.resolve('deploy/app.yaml'),
      'data:\n  injected: yes\n',
    );
    expect(await refusal()).toContain(
      `- deploy/app.yaml: changed since daprise:service:render wrote it (SHA-256 differs from deploy/${MANIFEST_LIST_FILE})`,
    );
    // Also when only that file is the path.
    expect(await refusal('deploy/app.yaml')).toContain(
      '- deploy/app.yaml: changed since',
    );
  });

  it('refuses a listed file that is missing, and a file replaced by a link', async () => {
    fs.rmSync(mockDir.resolve('deploy/nested/more.yaml'));
    fs.rmSync(mockDir.resolve('deploy/app.yaml'));
    fs.symlinkSync(
      mockDir.resolve('catalog-info.yaml'),
      mockDir.resolve('deploy/app.yaml'),
    );
    const message = await refusal();
    expect(message).toContain(
      `- deploy/nested/more.yaml: listed in deploy/${MANIFEST_LIST_FILE} but missing`,
    );
    expect(message).toContain('- deploy/app.yaml: not a regular file');
  });

  it('refuses a folder without a manifest list, naming the fix', async () => {
    fs.rmSync(mockDir.resolve(`deploy/${MANIFEST_LIST_FILE}`));
    expect(await refusal()).toBe(
      `path: deploy has no manifest list (${MANIFEST_LIST_FILE}), so nothing there is known to be what daprise:service:render wrote; nothing was applied — run daprise:service:render again in this task, with no step changing its output before this one, and point path at the folder it wrote (its deploy folder)`,
    );
  });

  it('refuses a list that is not one, or that points outside its folder', async () => {
    const listPath = mockDir.resolve(`deploy/${MANIFEST_LIST_FILE}`);
    fs.writeFileSync(listPath, JSON.stringify({ files: [] }));
    expect(await refusal()).toContain(
      `deploy/${MANIFEST_LIST_FILE} is not a manifest list written by daprise:service:render (writtenBy: Invalid literal value`,
    );
    fs.writeFileSync(
      listPath,
      JSON.stringify({
        writtenBy: 'daprise:service:render',
        files: [{ path: '../catalog-info.yaml', sha256: '0'.repeat(64) }],
      }),
    );
    expect(await refusal()).toContain(
      `deploy/${MANIFEST_LIST_FILE}: lists ../catalog-info.yaml, which is outside deploy`,
    );
  });
});
