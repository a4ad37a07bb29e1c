import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { z } from 'zod';
import type { FileToWrite } from './workspace';
import {
  LoadedManifest,
  parseManifestFile,
  SkippedDocument,
  throwIfManifestProblems,
} from './manifests';

/**
 * The file, in each folder of manifests the render action writes (`deploy/`), that lists the
 * folder's files with their SHA-256: what `daprise:cluster:apply` may send, and nothing else.
 * @public
 */
export const MANIFEST_LIST_FILE = 'daprise-manifests.json';

/**
 * The render action's id (`RENDER_ACTION_ID`), spelled out: that module imports this one.
 */
const RENDER_ACTION_ID = 'daprise:service:render';

const SHA256 = /^[0-9a-f]{64}$/;

const manifestListSchema = z
  .object({
    writtenBy: z.literal(RENDER_ACTION_ID),
    files: z.array(
      z
        .object({
          /** Relative to the folder of the list, with `/` separators. */
          path: z.string().min(1),
          sha256: z.string().regex(SHA256, 'not a hex SHA-256'),
        })
        .strict(),
    ),
  })
  .strict();

/**
 * A manifest list: the files of one folder that the render action wrote, with their SHA-256.
 * @public
 */
export type ManifestList = z.infer<typeof manifestListSchema>;

function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * The manifest lists for files about to be written (paths relative to the target directory):
 * one list per folder of manifests (`deploy/`), naming every file under it. Files at the top of
 * the target directory (`catalog-info.yaml`) are not manifests to apply and get none.
 */
export function manifestListsFor(files: FileToWrite[]): FileToWrite[] {
  const byFolder = new Map<string, ManifestList['files']>();
  for (const file of files) {
    const [folder, ...rest] = file.path.split('/');
    if (rest.length === 0) continue;
    const listed = byFolder.get(folder) ?? [];
    listed.push({ path: rest.join('/'), sha256: sha256(file.content) });
    byFolder.set(folder, listed);
  }
  return [...byFolder].map(([folder, listed]) => {
    const list: ManifestList = {
      writtenBy: RENDER_ACTION_ID,
      files: listed.sort((a, b) => a.path.localeCompare(b.path)),
    };
    return {
      path: `${folder}/${MANIFEST_LIST_FILE}`,
      content: `${JSON.stringify(list, null, 2)}\n`,
    };
  });
}

/** Every entry under a directory (files, links, anything but directories), relative to it. */
async function entriesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.readdir(path.join(dir, prefix), {
    withFileTypes: true,
  });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await entriesUnder(dir, relative)));
    else out.push(relative);
  }
  return out;
}

const RENDER_AGAIN = `run ${RENDER_ACTION_ID} again in this task, with no step changing its output before this one`;

/**
 * Reads exactly the manifests the render action wrote under a workspace path (a folder, or one
 * file of it), after checking them against the folder's manifest list: the list must be there
 * and well-formed, every listed file present with its SHA-256, and nothing else under the path
 * (an extra file, whatever its type, or a link). Any problem refuses the whole path, naming each
 * file, before anything is sent to a cluster. The bytes that are hashed are the bytes parsed, so
 * what is checked is what is applied.
 */
export async function readListedManifests(
  workspacePath: string,
  target: string,
): Promise<{ manifests: LoadedManifest[]; skipped: SkippedDocument[] }> {
  const shown = (absolute: string) =>
    path.relative(workspacePath, absolute) || '.';
  const stat = await fs.lstat(target).catch(() => undefined);
  if (!stat) {
    throw new InputError(
      `path: ${shown(
        target,
      )} does not exist — render the service first (${RENDER_ACTION_ID}) and point path at its deploy folder`,
    );
  }
  const folder = stat.isDirectory() ? target : path.dirname(target);
  const listPath = path.join(folder, MANIFEST_LIST_FILE);
  const listText = await fs.readFile(listPath, 'utf8').catch(() => undefined);
  if (listText === undefined) {
    throw new InputError(
      `path: ${shown(
        folder,
      )} has no manifest list (${MANIFEST_LIST_FILE}), so nothing there is known to be what ${RENDER_ACTION_ID} wrote; nothing was applied — ${RENDER_AGAIN}, and point path at the folder it wrote (its deploy folder)`,
    );
  }
  let list: ManifestList;
  try {
    list = manifestListSchema.parse(JSON.parse(listText));
  } catch (e) {
    throw new InputError(
      `${shown(
        listPath,
      )} is not a manifest list written by ${RENDER_ACTION_ID} (${
        e instanceof z.ZodError
          ? e.issues
              .map(i => `${i.path.join('.') || 'the list'}: ${i.message}`)
              .join('; ')
          : (e as Error).message
      }); nothing was applied — ${RENDER_AGAIN}`,
    );
  }

  const problems: string[] = [];
  const expected = new Map<string, string>();
  for (const entry of list.files) {
    // A listed path must name a file inside the folder, as render writes it: relative, no `..`.
    // (Checked on the text: a link is refused below, wherever it points.)
    if (
      !path.posix.isAbsolute(entry.path) &&
      path.posix.normalize(entry.path) === entry.path &&
      !entry.path.split('/').includes('..')
    ) {
      expected.set(entry.path, entry.sha256);
    } else {
      problems.push(
        `${shown(listPath)}: lists ${entry.path}, which is outside ${shown(
          folder,
        )}`,
      );
    }
  }
  const present = stat.isDirectory()
    ? (await entriesUnder(folder)).filter(p => p !== MANIFEST_LIST_FILE)
    : [path.relative(folder, target).split(path.sep).join('/')];

  const read = {
    manifests: [] as LoadedManifest[],
    skipped: [] as SkippedDocument[],
  };
  for (const relative of present) {
    const absolute = path.join(folder, relative);
    const sum = expected.get(relative);
    if (sum === undefined) {
      problems.push(
        `${shown(absolute)}: not written by ${RENDER_ACTION_ID} (not in ${shown(
          listPath,
        )}) — remove it, or have the template render it; apply sends only what render wrote`,
      );
      continue;
    }
    const entryStat = await fs.lstat(absolute);
    if (!entryStat.isFile()) {
      problems.push(
        `${shown(absolute)}: not a regular file (a link?) — ${RENDER_AGAIN}`,
      );
      continue;
    }
    const content = await fs.readFile(absolute);
    if (sha256(content) !== sum) {
      problems.push(
        `${shown(
          absolute,
        )}: changed since ${RENDER_ACTION_ID} wrote it (SHA-256 differs from ${shown(
          listPath,
        )}) — ${RENDER_AGAIN}, or change the template's input instead of the file`,
      );
      continue;
    }
    if (/\.ya?ml$/.test(relative)) {
      parseManifestFile(
        shown(absolute),
        content.toString('utf8'),
        read,
        problems,
      );
    }
  }
  if (stat.isDirectory()) {
    for (const listed of expected.keys()) {
      if (!present.includes(listed)) {
        problems.push(
          `${shown(path.join(folder, listed))}: listed in ${shown(
            listPath,
          )} but missing — ${RENDER_AGAIN}`,
        );
      }
    }
  }
  throwIfManifestProblems(
    problems,
    `Nothing was applied: the manifests under ${shown(
      target,
    )} are not exactly what ${RENDER_ACTION_ID} wrote`,
  );
  return read;
}
