import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package, the project's own code, Node itself, or V8. */
function ownerOf(url: string): string {
  if (!url) return '(v8/native)';
  if (url.startsWith('node:'))
    return url.replace(/^node:(internal\/)?/, 'node:').replace(/\/.*$/, '');
  const project = /\/(plugins|packages)\/([^/]+)\/src\//.exec(url);
  if (project && !url.includes('node_modules'))
    return `${project[1]}/${project[2]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/g;
  let last: string | undefined;
  for (let m = pkg.exec(url); m; m = pkg.exec(url)) last = m[1];
  return last ?? url;
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/work\/main\//, '')
    .replace(/^file:\/\//, '');
  return `${functionName || '(anonymous)'} ${file}${
    file ? `:${lineNumber + 1}` : ''
  }`;
}

export interface ProfileSummary {
  file: string;
  /** Sampled time in ms, idle excluded. */
  busyMs: number;
  idleMs: number;
  /** Self time by package (ms), largest first. */
  byPackage: Array<{ owner: string; ms: number; percent: number }>;
  /** Self time by function (ms), largest first. */
  selfTop: Array<{ frame: string; ms: number; percent: number }>;
  /** Time including callees (ms) of the project's own functions, largest first. */
  projectInclusive: Array<{ frame: string; ms: number; percent: number }>;
}

/** Summarises a V8 CPU profile: where the busy time goes, by package and by function. */
export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const profile: CpuProfile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes)
    for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );

  let idle = 0;
  let busy = 0;
  const byOwner = new Map<string, number>();
  const byFrame = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, micros] of self) {
    const node = nodes.get(id)!;
    const name = node.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') {
      idle += micros;
      continue;
    }
    // The bench plugin's own profiler calls are not the backend's work.
    if (name === 'post' && node.callFrame.url === 'node:inspector') continue;
    busy += micros;
    const owner =
      name === '(garbage collector)'
        ? '(garbage collector)'
        : ownerOf(node.callFrame.url);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
    byFrame.set(frameName(node), (byFrame.get(frameName(node)) ?? 0) + micros);
    const seen = new Set<string>();
    for (
      let cur: number | undefined = id;
      cur !== undefined;
      cur = parent.get(cur)
    ) {
      const frameNode = nodes.get(cur)!;
      if (
        !/\/(plugins|packages)\/daprise|\/plugins\//.test(
          frameNode.callFrame.url,
        )
      )
        continue;
      if (frameNode.callFrame.url.includes('node_modules')) continue;
      const frame = frameName(frameNode);
      if (seen.has(frame)) continue;
      seen.add(frame);
      inclusive.set(frame, (inclusive.get(frame) ?? 0) + micros);
    }
  }
  const list = <K extends string>(map: Map<string, number>, key: K) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({
        [key]: name,
        ms: Math.round(micros / 100) / 10,
        percent: Math.round((1000 * micros) / (busy || 1)) / 10,
      })) as Array<Record<K, string> & { ms: number; percent: number }>;
  return {
    file,
    busyMs: Math.round(busy / 1000),
    idleMs: Math.round(idle / 1000),
    byPackage: list(byOwner, 'owner'),
    selfTop: list(byFrame, 'frame'),
    projectInclusive: list(inclusive, 'frame'),
  };
}

export function formatProfileSummary(
  summary: ProfileSummary,
  perRequest?: number,
): string {
  const lines = [
    `  profile ${summary.file}: ${summary.busyMs} ms busy${
      perRequest
        ? ` (${(summary.busyMs / perRequest).toFixed(
            2,
          )} ms of backend CPU per request)`
        : ''
    }, ${summary.idleMs} ms idle`,
    '  self time by package:',
    ...summary.byPackage
      .slice(0, 12)
      .map(e => `    ${e.percent.toFixed(1).padStart(5)}%  ${e.owner}`),
    '  self time by function:',
    ...summary.selfTop
      .slice(0, 10)
      .map(e => `    ${e.percent.toFixed(1).padStart(5)}%  ${e.frame}`),
    "  the project's own functions (time including callees):",
    ...summary.projectInclusive
      .slice(0, 8)
      .map(e => `    ${e.percent.toFixed(1).padStart(5)}%  ${e.frame}`),
  ];
  return lines.join('\n');
}
