import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { ControlPlaneConnection } from './controlPlane';

/**
 * What an {@link ApiProxy} does wrong, to prove that clients survive it:
 * - `cut-list-body`: a LIST answer (a GET without `watch`) is cut after `afterBytes` bytes of
 *   its body and the connection closed, as a proxy or a restarting server does mid-body;
 * - `html-error`: every request is answered with `statusCode` and an HTML error page, as a
 *   load balancer in front of a missing or failing API server answers: `body` if given (a
 *   hostile page, to prove where its text goes), else {@link htmlErrorPage}.
 * @public
 */
export type ApiProxyFault =
  | { kind: 'cut-list-body'; afterBytes: number }
  | { kind: 'html-error'; statusCode: number; body?: string }
  /** Every WATCH is answered 200 with an empty body: a watch that ends cleanly at once. */
  | { kind: 'end-watches' }
  /**
   * The first request that `matches` is sent on to the API server, which carries it out, but its
   * answer is lost: the client's connection is closed instead, as when the client timed out
   * waiting (or the network broke) after the server had written the object.
   */
  | { kind: 'lose-answer'; matches: RequestMatcher }
  /**
   * Before the first request that `matches` is sent on, `run` runs (another client's write,
   * say): what happens between a client's read and its write.
   */
  | { kind: 'run-before'; matches: RequestMatcher; run: () => Promise<void> };

/**
 * Which request a fault is for: its method and its path on the API server (with the query).
 * @public
 */
export type RequestMatcher = (method: string, upstreamPath: string) => boolean;

/**
 * A small reverse proxy in front of a control plane's API server, serving it under a path prefix
 * (`https://127.0.0.1:port/k8s/clusters/c-1/api/v1/...`, as Rancher and other API proxies do),
 * with the API server's own serving certificate (so the same `caData` trusts it).
 * @public
 */
export interface ApiProxy {
  /** The proxy's URL, prefix included: the `url` a cluster config would name. */
  readonly server: string;
  /** What it does wrong now; undefined: nothing. */
  fault?: ApiProxyFault;
  /** Requests that came without the prefix (answered 404 with an HTML page). */
  readonly unprefixedRequests: string[];
  /** WATCH requests received so far, answered or not. */
  readonly watchRequests: number;
  close(): Promise<void>;
}

/** A proxy's HTML error page: longer than any error message should quote. */
export function htmlErrorPage(statusCode: number): string {
  const filler = Array.from(
    { length: 40 },
    (_, i) =>
      `<p>upstream 10.0.${i}.17:6443 answered nothing; request id ${i}</p>`,
  ).join('\n');
  return `<!DOCTYPE html>\n<html><head><title>${statusCode} Error</title></head>\n<body><h1>${statusCode} Error</h1>\n${filler}\n</body></html>\n`;
}

/**
 * Starts an {@link ApiProxy} on 127.0.0.1 in front of a running control plane.
 * @public
 */
export async function startApiProxy(
  upstream: ControlPlaneConnection,
  options: { pathPrefix?: string; fault?: ApiProxyFault } = {},
): Promise<ApiProxy> {
  const prefix = (options.pathPrefix ?? '/k8s/clusters/c-1').replace(/\/$/, '');
  const certs = path.join(upstream.dir, 'certs');
  const target = new URL(upstream.server);
  const agent = new https.Agent({
    keepAlive: true,
    ca: Buffer.from(upstream.caData, 'base64'),
  });
  const sockets = new Set<net.Socket>();
  const unprefixedRequests: string[] = [];
  const state: { fault?: ApiProxyFault; watchRequests: number } = {
    fault: options.fault,
    watchRequests: 0,
  };

  const sendHtml = (
    res: http.ServerResponse,
    statusCode: number,
    page = htmlErrorPage(statusCode),
  ) => {
    res.writeHead(statusCode, {
      'Content-Type': 'text/html',
      'Content-Length': Buffer.byteLength(page),
    });
    res.end(page);
  };

  const server = https.createServer(
    {
      cert: fs.readFileSync(path.join(certs, 'apiserver.crt')),
      key: fs.readFileSync(path.join(certs, 'apiserver.key')),
    },
    (req, res) => {
      const url = req.url ?? '/';
      const fault = state.fault;
      if (fault?.kind === 'html-error') {
        req.resume();
        sendHtml(res, fault.statusCode, fault.body);
        return;
      }
      if (url !== prefix && !url.startsWith(`${prefix}/`)) {
        unprefixedRequests.push(url);
        req.resume();
        sendHtml(res, 404);
        return;
      }
      const upstreamPath = url.slice(prefix.length) || '/';
      const isList =
        req.method === 'GET' &&
        !/[?&]watch=(true|1)/.test(upstreamPath) &&
        !upstreamPath.startsWith('/openapi');
      if (req.method === 'GET' && /[?&]watch=(true|1)/.test(upstreamPath)) {
        state.watchRequests += 1;
        if (fault?.kind === 'end-watches') {
          req.resume();
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end();
          return;
        }
      }
      if (
        (fault?.kind === 'lose-answer' || fault?.kind === 'run-before') &&
        fault.matches(req.method ?? 'GET', upstreamPath)
      ) {
        // Once: the fault is spent on the first request it matches.
        state.fault = undefined;
        if (fault.kind === 'run-before') {
          req.pause();
          fault.run().then(
            () => forwardRequest(req, res, upstreamPath),
            () => res.socket?.destroy(),
          );
          return;
        }
        forwardRequest(req, res, upstreamPath, { loseAnswer: true });
        return;
      }
      forwardRequest(req, res, upstreamPath, { fault, isList });
    },
  );

  function forwardRequest(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    upstreamPath: string,
    how: {
      fault?: ApiProxyFault;
      isList?: boolean;
      loseAnswer?: boolean;
    } = {},
  ) {
    const { fault, isList } = how;
    const headers = { ...req.headers, host: target.host };
    const forward = https.request(
      {
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: upstreamPath,
        headers,
        agent,
      },
      answer => {
        if (how.loseAnswer) {
          // The server has done the work; the client never hears of it.
          answer.resume();
          answer.on('end', () => res.socket?.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        // Headers now, as the API server sends them: a watch answers nothing else until an event.
        res.flushHeaders();
        if (fault?.kind === 'cut-list-body' && isList) {
          let sent = 0;
          answer.on('data', (chunk: Buffer) => {
            if (sent >= fault.afterBytes) return;
            const part = chunk.subarray(0, fault.afterBytes - sent);
            sent += part.length;
            res.write(part);
            if (sent >= fault.afterBytes) {
              // Give the bytes a moment on the wire, then drop the connection mid-body.
              setTimeout(() => res.socket?.destroy(), 20);
              answer.destroy();
            }
          });
          answer.on('end', () => res.socket?.destroy());
          return;
        }
        answer.pipe(res);
        res.on('close', () => answer.destroy());
      },
    );
    forward.on('error', () => res.socket?.destroy());
    req.pipe(forward);
  }
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;

  return {
    server: `https://127.0.0.1:${port}${prefix}`,
    get fault() {
      return state.fault;
    },
    set fault(fault: ApiProxyFault | undefined) {
      state.fault = fault;
    },
    unprefixedRequests,
    get watchRequests() {
      return state.watchRequests;
    },
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
