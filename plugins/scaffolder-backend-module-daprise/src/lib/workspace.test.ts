import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { writeFilesAtomically } from './workspace';

const mockDir = createMockDirectory();

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('writeFilesAtomically', () => {
  beforeEach(() => mockDir.clear());

  it('writes the files under the target and answers with their workspace paths', async () => {
    const written = await writeFilesAtomically({
      workspacePath: mockDir.path,
      targetDir: mockDir.resolve('svc'),
      files: [
        { path: 'deploy/a.yaml', content: 'a' },
        { path: 'catalog-info.yaml', content: 'c' },
      ],
    });
    expect(written).toEqual(['svc/deploy/a.yaml', 'svc/catalog-info.yaml']);
    expect(tree(mockDir.path)).toEqual({
      'svc/deploy/a.yaml': 'a',
      'svc/catalog-info.yaml': 'c',
    });
  });

  it('leaves the workspace untouched when writing fails part-way', async () => {
    mockDir.setContent({ 'README.md': 'mine', 'deploy/old.yaml': 'old' });
    await expect(
      writeFilesAtomically({
        workspacePath: mockDir.path,
        targetDir: mockDir.path,
        files: [
          { path: 'deploy/a.yaml', content: 'a' },
          { path: 'catalog-info.yaml', content: 'c' },
          // A file below a file: fails after the first two were written (to staging).
          { path: 'deploy/a.yaml/b.yaml', content: 'b' },
        ],
      }),
    ).rejects.toThrow(/ENOTDIR|EEXIST/);
    expect(tree(mockDir.path)).toEqual({
      'README.md': 'mine',
      'deploy/old.yaml': 'old',
    });
    expect(fs.readdirSync(mockDir.path).sort()).toEqual([
      'README.md',
      'deploy',
    ]);
  });

  it('replaces a directory it writes as a whole, and files of the same name', async () => {
    mockDir.setContent({
      'README.md': 'mine',
      'catalog-info.yaml': 'old',
      'deploy/stale.yaml': 'stale',
    });
    await writeFilesAtomically({
      workspacePath: mockDir.path,
      targetDir: mockDir.path,
      files: [
        { path: 'deploy/a.yaml', content: 'a' },
        { path: 'catalog-info.yaml', content: 'new' },
      ],
    });
    expect(tree(mockDir.path)).toEqual({
      'README.md': 'mine',
      'catalog-info.yaml': 'new',
      'deploy/a.yaml': 'a',
    });
  });
});
