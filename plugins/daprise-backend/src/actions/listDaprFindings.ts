import { FleetQuery } from '@daprise/plugin-daprise-common';
import { queryFleet } from '../service/fleetRows';
import { fleetQuerySchema } from '../service/reads';
import { examples } from './listDaprFindings.examples';
import { ActionZodObject, findingSchema } from './schemas';
import type { DapriseActionsOptions } from './types';

/**
 * `list-dapr-findings`: the fleet's findings with the fleet page's filters (`GET /fleet`'s
 * query), and the object checks' findings, behind `daprise.fleet.read` as the fleet is.
 */
export function createListDaprFindingsAction(options: DapriseActionsOptions) {
  const { actionsRegistry, fleet, reads, rules } = options;
  const querySchema = fleetQuerySchema(rules);
  actionsRegistry.register({
    name: 'list-dapr-findings',
    title: 'List Dapr findings',
    description: `Lists the governance findings of the Dapr fleet: per app (an app-id in a namespace of a cluster) the findings of the rules that judge it, each with its severity, message, remediation and the object and field it is about; and the findings of the object checks (every Component, Gateway, route and policy judged, whether or not an app uses it).

Filters are those of the portal's fleet page: clusters, namespaces, owners (the app's catalog owner), rule ids, severities and a text search, each a list of values. Apps are sorted and paged (offset, limit); object findings are capped by the same limit. The summary counts the matching apps' findings by severity and by rule.

Use it for "what is wrong in the fleet", "which of team X's apps break rule Y", or to triage by severity.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      // The REST route's own schema, built with this package's zod; the registry only calls
      // its zod v3 API (safeParse, and zod-to-json-schema, which reads `_def`), which both
      // copies share. The cast spares the compiler comparing the two copies' types.
      input: () => querySchema as unknown as ActionZodObject,
      output: z =>
        z.object({
          apps: z.array(
            z.object({
              key: z.string().describe('cluster/namespace/appId'),
              cluster: z.string(),
              namespace: z.string(),
              appId: z.string(),
              entityRef: z.string().optional(),
              owner: z.string().optional(),
              score: z.number().describe('0..100'),
              findings: z.array(findingSchema(z)),
            }),
          ),
          totalApps: z.number().describe('Apps with findings that match'),
          offset: z.number(),
          limit: z.number(),
          objectFindings: z.array(
            findingSchema(z).extend({
              cluster: z.string(),
              apps: z
                .array(z.string())
                .describe(
                  'Keys of the apps whose views hold the object; empty when it belongs to no app',
                ),
            }),
          ),
          totalObjectFindings: z.number(),
          summary: z
            .object({
              apps: z.number(),
              bySeverity: z.record(z.number()),
              byRule: z.array(
                z.object({
                  ruleId: z.string(),
                  title: z.string(),
                  severity: z.string(),
                  count: z.number(),
                }),
              ),
            })
            .describe("The matching apps' findings by severity and by rule"),
          observedAt: z.string(),
        }),
    },
    examples,
    action: async ({ input, credentials }) => {
      await reads.access.requireFleetRead(credentials);
      const query = input as FleetQuery;
      const withFindings = reads
        .fleetRows()
        .filter(row => row.findings.length > 0);
      const page = queryFleet(withFindings, query, rules);
      // The same read as `GET /findings`, with the fleet's filters. An object finding
      // belongs to no catalog entity, so it has no owner: an owner filter leaves none.
      const { cluster, namespace, rule, severity, q } = query;
      const objectFindings = query.owner?.length
        ? { items: [], totalCount: 0 }
        : await reads.findings(
            { cluster, namespace, rule, severity, q, limit: page.limit },
            credentials,
          );
      return {
        output: {
          apps: page.items.map(row => ({
            key: row.key,
            cluster: row.cluster,
            namespace: row.namespace,
            appId: row.appId,
            entityRef: row.entityRef,
            owner: row.owner,
            score: row.score,
            findings: row.findings,
          })),
          totalApps: page.totalCount,
          offset: page.offset,
          limit: page.limit,
          objectFindings: objectFindings.items,
          totalObjectFindings: objectFindings.totalCount,
          summary: page.summary,
          observedAt: fleet.observedAt.toISOString(),
        },
      };
    },
  });
}
