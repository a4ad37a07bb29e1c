import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

/** An error answer of the API server, with its HTTP status. */
export class KubeHttpError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
    this.name = 'KubeHttpError';
  }
}

const agents = new WeakMap<KubeConfig, https.Agent>();

/**
 * One keep-alive agent per cluster: client-node makes a new agent (so a new TLS connection)
 * for every request, and a fleet's lists are hundreds of pages.
 */
function keepAliveAgent(
  kc: KubeConfig,
  tls: https.RequestOptions,
): https.Agent {
  let agent = agents.get(kc);
  if (!agent) {
    agent = new https.Agent({
      keepAlive: true,
      maxSockets: 4,
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      rejectUnauthorized: tls.rejectUnauthorized,
      servername: tls.servername,
    });
    agents.set(kc, agent);
  }
  return agent;
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
  options.agent = keepAliveAgent(kc, options);
  return new Promise((resolve, reject) => {
    const req = https.request(options, res => {
      // Decoded chunk by chunk into one string (V8 heap) rather than joined into one large
      // Buffer first: the allocator keeps much of what a page-sized Buffer took after it is
      // freed, and lists read hundreds of pages.
      res.setEncoding('utf8');
      let body = '';
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
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
