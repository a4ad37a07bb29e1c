import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { EntityDaprRef, findAppViews } from '@daprise/plugin-daprise-common';
import { examples } from './getDaprApp.examples';
import { appViewSchema } from './schemas';
import type { DapriseActionsOptions } from './types';

function entityRefOf(text: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(text, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch (e) {
    throw new InputError(
      `entityRef must be an entity ref such as component:default/orders; got '${text}'`,
    );
  }
}

/**
 * `get-dapr-app`: the Dapr view of an entity (as `GET /entity/...`), or of an app-id by
 * cluster and namespace, with its findings.
 */
export function createGetDaprAppAction(options: DapriseActionsOptions) {
  const { actionsRegistry, fleet, reads } = options;
  actionsRegistry.register({
    name: 'get-dapr-app',
    title: 'Get a Dapr app',
    description: `Returns what Daprise knows about one Dapr app: where its daprd runs (Dapr Shared or sidecar) and how ready it is, the components it may load (secret values masked), its configurations, resiliency policies, subscriptions, the Gateway API routes that reach it with each hop's status, the Cilium policies that select it, and the governance findings with their remediation.

Give either a catalog entity ref (the entity's dapr.io/app-id annotation says where the app runs) or an app-id, optionally with its namespace and cluster. An app-id in several namespaces or clusters gives one view each.

Use it to answer "why is my app's route failing", "what does Daprise say about orders", or to review an app's Dapr setup.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .optional()
            .describe(
              'A catalog entity ref, e.g. component:default/orders (kind defaults to component, namespace to default)',
            ),
          appId: z
            .string()
            .optional()
            .describe('A Dapr app-id, when no entityRef is given'),
          namespace: z
            .string()
            .optional()
            .describe('The Kubernetes namespace of the app-id'),
          cluster: z
            .string()
            .optional()
            .describe('The cluster of the app-id, as Daprise names it'),
        }),
      output: z =>
        z.object({
          entityRef: z.string().optional(),
          daprRef: z
            .object({
              appId: z.string(),
              namespace: z.string().optional(),
              cluster: z.string().optional(),
            })
            .nullable()
            .optional()
            .describe(
              "Where the entity's annotations say the app runs; null when the entity has no dapr.io/app-id",
            ),
          apps: z.array(appViewSchema(z)),
          clusters: z
            .array(
              z.object({ name: z.string(), stale: z.boolean() }).passthrough(),
            )
            .describe('The state of the clusters the views come from'),
          observedAt: z.string(),
        }),
    },
    examples,
    action: async ({ input, credentials }) => {
      if (input.entityRef) {
        const entityRef = entityRefOf(input.entityRef);
        await reads.access.requireEntityRead(entityRef, credentials);
        const daprRef = await reads.daprRefOf(entityRef, credentials);
        return {
          output: {
            entityRef,
            daprRef,
            apps: daprRef ? findAppViews(fleet.index, daprRef) : [],
            clusters: reads.clusterSummaries(
              daprRef?.cluster ? [daprRef.cluster] : undefined,
            ),
            observedAt: fleet.observedAt.toISOString(),
          },
        };
      }
      if (!input.appId) {
        throw new InputError(
          'Give entityRef (e.g. component:default/orders) or appId (with namespace and cluster if you know them)',
        );
      }
      const daprRef: EntityDaprRef = { appId: input.appId };
      if (input.namespace) daprRef.namespace = input.namespace;
      if (input.cluster) daprRef.cluster = input.cluster;
      const views = findAppViews(fleet.index, daprRef);
      const readable = [];
      for (const view of views) {
        if (await reads.access.mayReadApp(view, credentials))
          readable.push(view);
      }
      if (readable.length === 0) {
        // Whether an app-id exists is fleet knowledge: only the fleet's readers learn it.
        await reads.access.requireFleetRead(credentials);
        throw new NotFoundError(
          `No app-id ${input.appId}${
            input.namespace ? ` in namespace ${input.namespace}` : ''
          }${input.cluster ? ` of cluster ${input.cluster}` : ''}`,
        );
      }
      return {
        output: {
          daprRef,
          apps: readable,
          clusters: reads.clusterSummaries([
            ...new Set(readable.map(view => view.cluster)),
          ]),
          observedAt: fleet.observedAt.toISOString(),
        },
      };
    },
  });
}
