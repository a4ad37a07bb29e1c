/*
 * The backend the benchmark measures, run in a child process of its own so that its resident
 * memory is its own: a real Backstage backend (backend-defaults, SQLite) with the
 * catalog, permissions (allow-all policy), auth (guest sign-in for the bench's user, a static
 * token for the bench's own calls), the Kubernetes plugin and Daprise — configured by the
 * config file the benchmark writes (see backendProcess.ts) — plus a small `bench` plugin that
 * reports the process's memory after a full GC and records CPU profiles and heap snapshots on
 * request.
 *
 *   node --expose-gc --require @backstage/cli-node/config/nodeTransform.cjs backend.ts --config <file>
 */
import fs from 'node:fs';
import { Session } from 'node:inspector';
import v8 from 'node:v8';
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';

const benchPlugin = createBackendPlugin({
  pluginId: 'bench',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        let session: Session | undefined;
        const post = <T>(method: string, params?: object) =>
          new Promise<T>((resolve, reject) =>
            session!.post(method, params ?? {}, (error, result) =>
              error ? reject(error) : resolve(result as T),
            ),
          );
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        httpRouter.use(async (req, res, next) => {
          try {
            if (req.method === 'GET' && req.path === '/memory') {
              const gc = (globalThis as { gc?: () => void }).gc;
              if (req.query.gc !== undefined && gc) {
                // Twice: the first collection can leave weakly held garbage for the second.
                gc();
                gc();
              }
              // Where the resident memory is: V8's spaces, and the kernel's view of the process.
              const spaces = Object.fromEntries(
                v8
                  .getHeapSpaceStatistics()
                  .map(space => [
                    space.space_name,
                    { size: space.space_size, used: space.space_used_size },
                  ]),
              );
              const smaps: Record<string, number> = {};
              try {
                const rollup = fs.readFileSync(
                  '/proc/self/smaps_rollup',
                  'utf8',
                );
                for (const m of rollup.matchAll(/^(\w+):\s+(\d+) kB/gm)) {
                  smaps[m[1]] = Number(m[2]) * 1024;
                }
              } catch {
                // not Linux
              }
              res.json({
                ...process.memoryUsage(),
                gc: !!gc,
                spaces,
                smaps,
                v8: v8.getHeapStatistics(),
              });
            } else if (req.method === 'POST' && req.path === '/heap-snapshot') {
              res.json({ file: v8.writeHeapSnapshot(String(req.query.file)) });
            } else if (req.method === 'POST' && req.path === '/profile/start') {
              session = new Session();
              session.connect();
              await post('Profiler.enable');
              await post('Profiler.setSamplingInterval', { interval: 500 });
              await post('Profiler.start');
              res.json({ ok: true });
            } else if (req.method === 'POST' && req.path === '/profile/stop') {
              const { profile } = await post<{ profile: unknown }>(
                'Profiler.stop',
              );
              session?.disconnect();
              session = undefined;
              const file = String(req.query.file);
              fs.writeFileSync(file, JSON.stringify(profile));
              res.json({ file });
            } else {
              next();
            }
          } catch (error) {
            next(error);
          }
        });
      },
    });
  },
});

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@daprise/plugin-daprise-backend'));
backend.add(benchPlugin);
backend.start().catch(error => {
  process.stderr.write(
    `bench backend failed to start: ${error?.stack ?? error}\n`,
  );
  process.exit(1);
});
