import fs from 'node:fs/promises';
import path from 'node:path';
import {
  LoggerService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { Document, parseAllDocuments } from 'yaml';
import type { RenderedFile } from '../render/service';
import type { KubeObject } from '@daprise/plugin-daprise-node';

const COMMENT_WIDTH = 98;

/** Wraps a sentence into `# ` comment lines of at most about 100 characters. */
function commentLines(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > COMMENT_WIDTH) {
      lines.push(`# ${line}`);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(`# ${line}`);
  return lines;
}

/**
 * A rendered file as YAML: its header comment, then one document per object separated by `---`.
 * Deterministic (same input, same bytes), since the golden files compare bytes. Shared objects
 * (the renderer reuses label maps) are written out in full rather than as YAML anchors and
 * aliases, which many Kubernetes tools do not expect; long strings are never folded. Quoting
 * follows Backstage's Prettier settings (single quotes), so a repository formatted with them
 * leaves the files as they are.
 */
export function serializeRenderedFile(file: RenderedFile): string {
  const header = file.comment
    ? `${commentLines(file.comment).join('\n')}\n`
    : '';
  const documents = file.documents.map(object =>
    new Document(object, { aliasDuplicateObjects: false }).toString({
      lineWidth: 0,
      singleQuote: true,
    }),
  );
  return `${header}${documents.join('---\n')}`;
}

/**
 * A Kubernetes object read from the workspace, with where it came from.
 * @public
 */
export interface LoadedManifest {
  object: KubeObject;
  /** `<file relative to the workspace>#<document index>`, for messages. */
  source: string;
}

/**
 * A YAML document that is not a Kubernetes object (e.g. Helm chart values) and was left out.
 * @public
 */
export interface SkippedDocument {
  source: string;
  reason: string;
}

async function yamlFilesUnder(target: string): Promise<string[]> {
  const stat = await fs.stat(target).catch(() => undefined);
  if (!stat) return [];
  if (stat.isFile()) return [target];
  const files: string[] = [];
  const entries = await fs.readdir(target, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) files.push(...(await yamlFilesUnder(full)));
    else if (/\.ya?ml$/.test(entry.name)) files.push(full);
  }
  return files;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The documents of one manifest file: its objects, what it skipped, and its problems. */
export function parseManifestFile(
  relative: string,
  content: string,
  into: { manifests: LoadedManifest[]; skipped: SkippedDocument[] },
  problems: string[],
): void {
  const documents = parseAllDocuments(content);
  // parseAllDocuments answers with an empty array-like for an empty file.
  for (const [index, document] of Array.from(documents).entries()) {
    const source = `${relative}#${index}`;
    if (document.errors.length > 0) {
      problems.push(
        `${source}: not valid YAML: ${document.errors
          .map(e => e.message)
          .join('; ')}`,
      );
      continue;
    }
    const value = document.toJS();
    if (value === null || value === undefined) continue;
    if (!isObject(value)) {
      problems.push(`${source}: a manifest must be a mapping (an object)`);
      continue;
    }
    const { apiVersion, kind, metadata } = value;
    if (apiVersion === undefined && kind === undefined) {
      into.skipped.push({
        source,
        reason: 'not a Kubernetes object (no apiVersion and kind)',
      });
      continue;
    }
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      problems.push(`${source}: a manifest needs both apiVersion and kind`);
      continue;
    }
    if (!isObject(metadata) || typeof metadata.name !== 'string') {
      problems.push(
        `${source}: ${kind} has no metadata.name (generateName is not supported: an apply must be repeatable)`,
      );
      continue;
    }
    into.manifests.push({ object: value as KubeObject, source });
  }
}

/** One error for every problem found, so a user fixes them in one go. */
export function throwIfManifestProblems(
  problems: string[],
  heading = 'The manifests cannot be read',
): void {
  if (problems.length > 0) {
    throw new InputError(
      `${heading}:\n${problems.map(p => `- ${p}`).join('\n')}`,
    );
  }
}

/**
 * Reads every YAML document of the `.yaml`/`.yml` files under a workspace path (a file or a
 * directory, recursively, in name order). Documents with neither `apiVersion` nor `kind` are not
 * Kubernetes objects (the chart values file, for one) and are returned as skipped; a document
 * that has only one of them, or no `metadata.name`, is a broken manifest and an error, as is a
 * YAML syntax error. Every problem is reported, not only the first.
 */
export async function readManifests(
  workspacePath: string,
  target: string,
): Promise<{ manifests: LoadedManifest[]; skipped: SkippedDocument[] }> {
  const files = await yamlFilesUnder(target);
  if (files.length === 0) {
    throw new InputError(
      `path: ${
        path.relative(workspacePath, target) || '.'
      } holds no YAML files — render the service first (daprise:service:render) or point path at its deploy folder`,
    );
  }
  const read = {
    manifests: [] as LoadedManifest[],
    skipped: [] as SkippedDocument[],
  };
  const problems: string[] = [];
  for (const file of files) {
    parseManifestFile(
      path.relative(workspacePath, file),
      await fs.readFile(file, 'utf8'),
      read,
      problems,
    );
  }
  throwIfManifestProblems(problems);
  return read;
}

/**
 * The manifests under a path of the workspace (default `deploy`; it must stay inside the
 * workspace), logging the documents that are not Kubernetes objects: what the validate action
 * checks, and, read with `readListedManifests` (only what render wrote), what apply sends.
 */
export async function readWorkspaceManifests(
  workspacePath: string,
  relativePath: string | undefined,
  logger: Pick<LoggerService, 'info'>,
  read: typeof readManifests = readManifests,
): Promise<LoadedManifest[]> {
  const { manifests, skipped } = await read(
    workspacePath,
    resolveSafeChildPath(workspacePath, relativePath ?? 'deploy'),
  );
  for (const s of skipped) logger.info(`Skipped ${s.source}: ${s.reason}`);
  return manifests;
}
