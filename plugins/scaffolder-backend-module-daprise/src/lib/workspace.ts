import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * A file to write, at a path relative to the target directory.
 */
export interface FileToWrite {
  path: string;
  content: string;
}

async function exists(target: string): Promise<boolean> {
  return fs
    .lstat(target)
    .then(() => true)
    .catch(() => false);
}

/**
 * Writes files under `targetDir` so that a failure leaves nothing half-written.
 *
 * Everything is first written to a staging directory inside the workspace (so the final renames
 * stay on one file system, where `rename` is atomic); only when every file is written are the
 * staged top-level entries renamed into place. A staged directory replaces the directory of the
 * same name as a whole (the old one is moved aside first and put back if the swap fails), because
 * the actions that read it apply every manifest in it: a stale file from an earlier render must
 * not survive. Staged top-level files replace files of the same name.
 *
 * Returns the written paths, relative to the workspace.
 */
export async function writeFilesAtomically(options: {
  workspacePath: string;
  targetDir: string;
  files: FileToWrite[];
}): Promise<string[]> {
  const { workspacePath, targetDir, files } = options;
  await fs.mkdir(workspacePath, { recursive: true });
  const staging = await fs.mkdtemp(
    path.join(workspacePath, '.daprise-staging-'),
  );
  try {
    const stagedTree = path.join(staging, 'tree');
    for (const file of files) {
      const destination = path.join(stagedTree, file.path);
      await fs.mkdir(path.dirname(destination), { recursive: true });
      await fs.writeFile(destination, file.content, 'utf8');
    }
    await fs.mkdir(targetDir, { recursive: true });
    const entries = await fs.readdir(stagedTree, { withFileTypes: true });
    for (const entry of entries) {
      const staged = path.join(stagedTree, entry.name);
      const destination = path.join(targetDir, entry.name);
      if (entry.isDirectory() && (await exists(destination))) {
        const previous = path.join(staging, `previous-${entry.name}`);
        await fs.rename(destination, previous);
        try {
          await fs.rename(staged, destination);
        } catch (e) {
          await fs.rename(previous, destination);
          throw e;
        }
      } else {
        await fs.rename(staged, destination);
      }
    }
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
  return files.map(file =>
    path.relative(workspacePath, path.join(targetDir, file.path)),
  );
}
