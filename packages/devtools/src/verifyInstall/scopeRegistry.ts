import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';

/** A package packed by `yarn pack`: its tarball and the package.json inside it. */
export interface PackedPackage {
  name: string;
  version: string;
  tarball: string;
  manifest: Record<string, unknown>;
}

export interface ScopeRegistry {
  /** The registry's address, for `npmScopes.<scope>.npmRegistryServer` of the app's `.yarnrc.yml`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the packed tarballs as an npm registry of their own scope on 127.0.0.1, so the
 * created app installs them with the READMEs' plain `yarn add @daprise/...` commands (no
 * version, no path) and resolves their dependencies on each other to the same tarballs, as
 * it would from the public registry once they are published. Every other scope still comes
 * from the app's usual registry.
 */
export async function serveScope(
  packages: PackedPackage[],
): Promise<ScopeRegistry> {
  const byName = new Map(packages.map(p => [p.name, p]));
  const byFile = new Map(packages.map(p => [path.basename(p.tarball), p]));
  let base = '';

  const packument = (p: PackedPackage) => {
    const bytes = fs.readFileSync(p.tarball);
    const published = fs.statSync(p.tarball).mtime.toISOString();
    return {
      name: p.name,
      'dist-tags': { latest: p.version },
      time: { created: published, modified: published, [p.version]: published },
      versions: {
        [p.version]: {
          ...p.manifest,
          dist: {
            tarball: `${base}/-/${path.basename(p.tarball)}`,
            shasum: crypto.createHash('sha1').update(bytes).digest('hex'),
            integrity: `sha512-${crypto
              .createHash('sha512')
              .update(bytes)
              .digest('base64')}`,
          },
        },
      },
    };
  };

  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const tarball = url.startsWith('/-/')
      ? byFile.get(url.slice(3))
      : undefined;
    if (tarball) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      fs.createReadStream(tarball.tarball).pipe(res);
      return;
    }
    const pkg = byName.get(url.slice(1));
    if (pkg) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(packument(pkg)));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
