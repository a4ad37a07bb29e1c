import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../portal';
import { PackedPackage } from './scopeRegistry';

/** The published packages, by workspace folder, in the order they depend on each other. */
export const PUBLISHED_PACKAGES = [
  'plugins/daprise-common',
  'plugins/daprise-node',
  'plugins/daprise-backend',
  'plugins/scaffolder-backend-module-daprise',
  'plugins/daprise',
] as const;

export function packageName(dir: string): string {
  return JSON.parse(
    fs.readFileSync(path.join(repoRoot, dir, 'package.json'), 'utf8'),
  ).name;
}

/** The package.json as packed: `workspace:` ranges replaced and `publishConfig` applied. */
export function packedManifest(tarball: string): Record<string, unknown> {
  return JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
}

/** Checks what a user would trip over first: a range the registry cannot resolve, or an entry point the tarball lacks. */
export function checkPacked(pkg: PackedPackage): void {
  const files = execFileSync('tar', ['-tzf', pkg.tarball], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\n')
    .map(f => f.replace(/^package\//, ''));
  const problems: string[] = [];
  for (const field of ['dependencies', 'peerDependencies'] as const) {
    const deps = (pkg.manifest[field] ?? {}) as Record<string, string>;
    for (const [dep, range] of Object.entries(deps))
      if (/^(workspace|link|file|portal):/.test(range))
        problems.push(`${field}.${dep} is "${range}"`);
  }
  for (const field of ['main', 'module', 'types'] as const) {
    const entry = pkg.manifest[field];
    if (
      typeof entry === 'string' &&
      !files.includes(entry.replace(/^\.\//, ''))
    )
      problems.push(`${field} "${entry}" is not in the tarball`);
  }
  if (problems.length) throw new Error(`${pkg.name}: ${problems.join('; ')}`);
}
