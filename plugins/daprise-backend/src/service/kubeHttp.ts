import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

/** An error answer of the API server, with its HTTP status. */
export class KubeHttpError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
    this.name = 'KubeHttpError';
  }
}

/**
 * GETs one JSON document from the API server. Lists go through here rather than the
 * generated clients so that they can be paged and turned into slim objects page by
 * page: a fleet's full objects never sit in memory at once.
 */
export async function getJson(
  kc: KubeConfig,
  apiPath: string,
  timeoutMs = 60_000,
): Promise<any> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('no current cluster in KubeConfig');
  const url = new URL(apiPath, cluster.server);
  const options: https.RequestOptions = {
    method: 'GET',
    hostname: url.hostname,
    port: url.port,
    path: `${url.pathname}${url.search}`,
    headers: { Accept: 'application/json' },
  };
  await kc.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = https.request(options, res => {
      // Joined and decoded at the end, not accumulated as a string: a string decoded chunk
      // by chunk is flattened by JSON.parse into one heap string that the parsed values
      // (and so the slim objects) can keep alive as slices; the large string decoded from a
      // Buffer is external and is not kept (at 1,000 apps: 8 MB less live heap).
      const chunks: Buffer[] = [];
      res.on('data', chunk => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          let message = body;
          try {
            message = JSON.parse(body).message ?? body;
          } catch {
            // not a Status object
          }
          reject(
            new KubeHttpError(
              res.statusCode ?? 0,
              `GET ${apiPath}: ${res.statusCode} ${message}`,
            ),
          );
          return;
        }
        try {
          resolve(JSON.parse(body));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`GET ${apiPath} timed out after ${timeoutMs} ms`)),
    );
    req.on('error', reject);
    req.end();
  });
}
