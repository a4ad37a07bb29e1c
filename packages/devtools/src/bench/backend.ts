/*
 * The backend the benchmark measures, run in a child process of its own so that its resident
 * memory is its own: a real Backstage backend (backend-defaults, SQLite in memory) with the
 * catalog, permissions (allow-all policy), auth (guest sign-in for the bench's user, a static
 * token for the bench's own calls), the Kubernetes plugin and Daprise — configured by the
 * config file the benchmark writes (see backendProcess.ts) — plus a small `bench` plugin that
 * reports the process's memory after a full GC and records CPU profiles on request.
 *
 *   node --expose-gc --require @backstage/cli-node/config/nodeTransform.cjs backend.ts --config <file>
 */
import fs from 'node:fs';
import { Session } from 'node:inspector';
import { createBackend } from '@backstage/backend-defaults';
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';

const benchPlugin = createBackendPlugin({
  pluginId: 'bench',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        let session: Session | undefined;
        const post = <T>(method: string, params?: object) =>
          new Promise<T>((resolve, reject) =>
            session!.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))),
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
              res.json({ ...process.memoryUsage(), gc: !!gc });
            } else if (req.method === 'POST' && req.path === '/profile/start') {
              session = new Session();
              session.connect();
              await post('Profiler.enable');
              await post('Profiler.setSamplingInterval', { interval: 200 });
              await post('Profiler.start');
              res.json({ ok: true });
            } else if (req.method === 'POST' && req.path === '/profile/stop') {
              const { profile } = await post<{ profile: unknown }>('Profiler.stop');
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
backend.add(import('@backstage/plugin-permission-backend-module-allow-all-policy'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@daprise/plugin-daprise-backend'));
backend.add(benchPlugin);
backend.start().catch(error => {
  process.stderr.write(`bench backend failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
