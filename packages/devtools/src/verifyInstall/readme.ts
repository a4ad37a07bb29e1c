import fs from 'node:fs';

/**
 * What a plugin README's install section tells a portal's maintainer to do, in a form
 * `daprise verify-install` carries out literally: the README is the script, so it cannot
 * drift from what the check does.
 */
export interface InstallSteps {
  /** The lines of the section's `sh` blocks (comments and blank lines left out), run from the app's root. */
  commands: string[];
  /** Edits of `packages/backend/src/index.ts`: the `ts` blocks that name that file on their first line. */
  backendIndex: { imports: string[]; statements: string[] };
}

export const BACKEND_INDEX = 'packages/backend/src/index.ts';

/** The text under the `## Install` or `## Installation` heading, up to the next `## ` heading. */
export function installSection(markdown: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex(line => /^## Install(ation)?\s*$/.test(line));
  if (start < 0) return '';
  const end = lines.findIndex((line, i) => i > start && /^## /.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The fenced code blocks of a markdown text, with their language. */
export function codeBlocks(
  markdown: string,
): Array<{ lang: string; body: string }> {
  const blocks: Array<{ lang: string; body: string }> = [];
  const fence = /^```([\w-]*)\n([\s\S]*?)^```\s*$/gm;
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown))
    blocks.push({ lang: m[1], body: m[2] });
  return blocks;
}

export function installSteps(markdown: string): InstallSteps {
  const steps: InstallSteps = {
    commands: [],
    backendIndex: { imports: [], statements: [] },
  };
  for (const { lang, body } of codeBlocks(installSection(markdown))) {
    const lines = body.replace(/\n$/, '').split('\n');
    if (lang === 'sh') {
      steps.commands.push(
        ...lines.map(l => l.trim()).filter(l => l && !l.startsWith('#')),
      );
    } else if (lang === 'ts' && lines[0].trim() === `// ${BACKEND_INDEX}`) {
      // Only the file named in its first line: the other blocks of a section (an app that
      // lists its features by hand, the legacy frontend system) are for other kinds of app.
      let inImport = false; // an import statement may span lines (prettier wraps long ones)
      for (const line of lines.slice(1)) {
        if (inImport || line.startsWith('import ')) {
          steps.backendIndex.imports.push(line);
          inImport = !line.trimEnd().endsWith(';');
        } else if (line.trim()) steps.backendIndex.statements.push(line);
      }
    }
  }
  return steps;
}

export function readInstallSteps(readmePath: string): InstallSteps {
  return installSteps(fs.readFileSync(readmePath, 'utf8'));
}

/**
 * Adds a README's lines to a backend's `index.ts` the way a person would: imports after the
 * file's last top-level import, statements right before `backend.start()`.
 */
export function editBackendIndex(
  source: string,
  edit: InstallSteps['backendIndex'],
): string {
  const lines = source.split('\n');
  const startAt = lines.findIndex(l => l.trim() === 'backend.start();');
  if (startAt < 0)
    throw new Error(`${BACKEND_INDEX} has no "backend.start();" line`);
  lines.splice(startAt, 0, ...edit.statements, '');
  let afterImports = 0;
  for (let i = 0; i < startAt; i++) {
    if (!lines[i].startsWith('import ')) continue;
    while (i < startAt && !lines[i].trimEnd().endsWith(';')) i++;
    afterImports = i + 1;
  }
  lines.splice(afterImports, 0, ...edit.imports);
  return lines.join('\n');
}
