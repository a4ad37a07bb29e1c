import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { HopStatus, RouteView } from '@daprise/plugin-daprise-common';
import { examples } from './explainDaprRoute.examples';
import { hopSchema } from './schemas';
import type { DapriseActionsOptions } from './types';

type RouteMatch = RouteView['matches'][number];

/**
 * How specifically a route hostname matches a request's host, per the Gateway API: an exact
 * name beats a wildcard (`*.example.com`, one or more labels), which beats a route without
 * hostnames (any host). Undefined when it does not match.
 */
function hostnameRank(
  routeHostnames: string[],
  host: string,
): number | undefined {
  if (routeHostnames.length === 0) return 0;
  let best: number | undefined;
  for (const name of routeHostnames.map(h => h.toLowerCase())) {
    if (name === host) return 2 + name.length;
    if (
      name.startsWith('*.') &&
      host.endsWith(name.slice(1)) &&
      host.length > name.length - 1
    )
      best = Math.max(best ?? 0, 1 + name.length / 1000);
  }
  return best;
}

/** Whether a path match of the Gateway API matches a path; PathPrefix compares whole segments. */
function pathMatches(match: RouteMatch['path'], path: string): boolean {
  if (match.type === 'Exact') return path === match.value;
  if (match.type === 'RegularExpression') {
    try {
      return new RegExp(`^(?:${match.value})$`).test(path);
    } catch {
      return false;
    }
  }
  const prefix = match.value.replace(/\/+$/, '');
  return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
}

/** The Gateway API's precedence between matches of one host: exact, then the longest prefix. */
function matchRank(match: RouteMatch): number {
  const typeRanks: Record<string, number> = { Exact: 3, PathPrefix: 2 };
  const typeRank = typeRanks[match.path.type] ?? 1;
  return (
    typeRank * 1e6 +
    match.path.value.length * 100 +
    (match.method ? 10 : 0) +
    match.headers.length
  );
}

function worst(statuses: HopStatus[]): HopStatus {
  for (const status of ['error', 'warning', 'unknown', 'ok'] as const)
    if (statuses.includes(status)) return status;
  return 'unknown';
}

/**
 * `explain-dapr-route`: which HTTPRoute serves a host and path, and each hop from the
 * Gateway to the app with what blocks it (the model's route hops).
 */
export function createExplainDaprRouteAction(options: DapriseActionsOptions) {
  const { actionsRegistry, fleet, reads } = options;
  actionsRegistry.register({
    name: 'explain-dapr-route',
    title: 'Explain a Dapr route',
    description: `Explains how a request reaches a Dapr app through the Gateway API: the HTTPRoutes that match a hostname and path (and HTTP method), in the Gateway API's order of precedence, and for each the chain of hops (Gateway, the gateway's Dapr Shared, the app's daprd, the app's Service, the app) with each hop's status (ok, warning, error, unknown) and the reason: what blocks it, such as a route no Gateway accepted, a missing ReferenceGrant, a Service not found, pods not ready or mTLS that differs between daprds.

The first match is the route that serves the request; \`status\` and \`blockedBy\` are about it. Matches that need headers list them. Only HTTPRoutes are modelled.

Use it for "why does https://shop.example.com/orders return 503" or to check a route before a release.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          hostname: z
            .string()
            .min(1)
            .describe('The host of the request, e.g. shop.example.com'),
          path: z
            .string()
            .regex(/^\//, 'must start with /')
            .default('/')
            .describe('The path of the request, e.g. /orders/42'),
          method: z
            .string()
            .optional()
            .describe(
              'The HTTP method, e.g. GET; routes that need another method do not match',
            ),
          cluster: z
            .string()
            .optional()
            .describe('Only routes of this cluster'),
        }),
      output: z =>
        z.object({
          hostname: z.string(),
          path: z.string(),
          status: z
            .enum(['ok', 'warning', 'error', 'unknown'])
            .describe('The worst hop of the route that serves the request'),
          blockedBy: z
            .array(z.string())
            .describe('The hops in error on that route, with their reasons'),
          matches: z.array(
            z.object({
              cluster: z.string(),
              route: z
                .object({
                  kind: z.string(),
                  namespace: z.string().optional(),
                  name: z.string(),
                })
                .passthrough(),
              ruleIndex: z.number(),
              match: z
                .object({
                  path: z.object({ type: z.string(), value: z.string() }),
                  method: z.string().optional(),
                  headers: z.array(z.string()).optional(),
                })
                .describe('The route match that matched'),
              mode: z
                .enum(['via-dapr', 'direct-dapr', 'bypass'])
                .describe(
                  "via-dapr: through another app's daprd (the gateway's Dapr Shared); direct-dapr: to the app's own daprd; bypass: to the app's Service, skipping Dapr",
                ),
              target: z.object({ appId: z.string(), namespace: z.string() }),
              status: z.enum(['ok', 'warning', 'error', 'unknown']),
              hops: z.array(hopSchema(z)),
            }),
          ),
        }),
    },
    examples,
    action: async ({ input, credentials }) => {
      const host = input.hostname.toLowerCase().replace(/\.$/, '');
      const path = input.path.split(/[?#]/)[0];
      const method = input.method?.toUpperCase();
      const seen = new Set<string>();
      const candidates: Array<{
        rank: number[];
        cluster: string;
        view: RouteView;
        match: RouteMatch;
      }> = [];
      for (const app of fleet.index.apps.values()) {
        if (input.cluster && app.cluster !== input.cluster) continue;
        if (app.routes.length === 0) continue;
        if (!(await reads.access.mayReadApp(app, credentials))) continue;
        for (const view of app.routes) {
          const id = `${app.cluster}/${view.id}`;
          if (seen.has(id)) continue;
          seen.add(id);
          const hostRank = hostnameRank(view.hostnames, host);
          if (hostRank === undefined) continue;
          const matches = view.matches.length
            ? view.matches
            : [{ path: { type: 'PathPrefix', value: '/' }, headers: [] }];
          const matching = matches
            .filter(m => pathMatches(m.path, path))
            .filter(m => !m.method || !method || m.method === method)
            .sort((a, b) => matchRank(b) - matchRank(a));
          if (matching.length === 0) continue;
          candidates.push({
            rank: [hostRank, matchRank(matching[0])],
            cluster: app.cluster,
            view,
            match: matching[0],
          });
        }
      }
      if (candidates.length === 0) {
        if (!(await reads.access.mayReadFleet(credentials)))
          throw new NotAllowedError(
            `No route you may read matches ${host}${path}; explaining the routes of apps you do not own needs the daprise.fleet.read permission`,
          );
        throw new NotFoundError(
          `No HTTPRoute matches ${host}${path}${method ? ` (${method})` : ''}${
            input.cluster ? ` in cluster ${input.cluster}` : ''
          }`,
        );
      }
      candidates.sort((a, b) => b.rank[0] - a.rank[0] || b.rank[1] - a.rank[1]);
      const matches = candidates.map(({ cluster, view, match }) => ({
        cluster,
        route: view.ref,
        ruleIndex: view.ruleIndex,
        match,
        mode: view.mode,
        target: view.target,
        status: worst(view.hops.map(hop => hop.status)),
        hops: view.hops,
      }));
      const served = matches[0];
      return {
        output: {
          hostname: host,
          path,
          status: served.status,
          blockedBy: served.hops
            .filter(hop => hop.status === 'error')
            .map(hop => `${hop.role}: ${hop.reason}`),
          matches,
        },
      };
    },
  });
}
