import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type {
  ActionsRegistryActionOptions,
  ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import type { KubeObject } from '@daprise/plugin-daprise-node';
import { requireApplyPermission } from '../lib/applyAccess';
import { preflight } from '../lib/clusterOps';
import { formSchemaOf, type ScaffolderZod } from '../lib/formSchema';
import { prepareService, serviceDraftOf } from '../lib/prepare';
import {
  DapriseScaffolderSettings,
  connectionFor,
  requireCluster,
} from '../lib/settings';
import { serviceInputSchema } from '../validation';
import { examples } from './previewDaprService.examples';
import { DEFAULT_FIELD_MANAGER } from './validate';

/**
 * The zod the actions registry hands to schema builders: backend-plugin-api's own copy (zod 4's
 * `zod/v3`), not this package's zod 3. Typing the builders with it keeps the compiler from
 * comparing the two copies' types structurally, which exhausts its memory.
 */
type ActionZod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/** The action's name; the actions registry serves it as `scaffolder:preview-dapr-service`. */
export const PREVIEW_ACTION_NAME = 'preview-dapr-service';

/** Keys of the action's input that are not part of the service input. */
const ACTION_ONLY_KEYS = ['cluster'];

function problemSchema(z: ActionZod) {
  return z.object({
    field: z.string().describe('Dotted path of the input field'),
    rule: z.string(),
    message: z.string(),
    fix: z.string(),
  });
}

/** The namespaces a draft writes to, as far as it names them: the app's and the route's. */
function draftNamespaces(draft: Record<string, unknown>): string[] {
  const gateway = (draft.gateway ?? {}) as Record<string, unknown>;
  return [
    draft.namespace,
    gateway.gatewayDaprNamespace ?? gateway.namespace,
  ].filter((n): n is string => typeof n === 'string' && n !== '');
}

/**
 * `preview-dapr-service`: what the template would create for a service input, judged and
 * checked, with nothing applied. The same checks as `daprise:service:render` (every field, the
 * app-id against the cluster, the portal's governance rules), then the server-side dry run of
 * `daprise:cluster:validate`; permission-checked as `daprise:cluster:apply` is, since it
 * reads the target namespaces with the scaffolder's identity.
 */
export function createPreviewDaprServiceAction(options: {
  actionsRegistry: ActionsRegistryService;
  settings: DapriseScaffolderSettings;
  permissions: PermissionsService;
  logger: LoggerService;
}) {
  const { actionsRegistry, settings, permissions, logger } = options;
  actionsRegistry.register({
    name: PREVIEW_ACTION_NAME,
    title: 'Preview a Dapr service',
    description: `Previews a new service on Dapr Shared behind the Cilium Gateway, as the portal's "Service on Dapr Shared" template would create it, without applying anything: renders the Kubernetes manifests (the app's Deployment and Service, its Dapr Shared instance, its Dapr components, an HTTPRoute or for a gRPC app a GRPCRoute through the gateway's Dapr Shared, and Cilium network policies), judges them by the portal's governance rules, and checks every object against the cluster by server-side dry run (dryRun=All: the API server validates and admits it and stores nothing).

The input is the template's input. \`verdict\` says whether the template would succeed: \`ready\`, or what stops it (\`invalid-input\` with \`errors\` naming each field, the rule and the fix; \`breaks-governance\` with the findings; \`rejected-by-cluster\` with the API server's reasons per object).

Needs the daprise.cluster.apply permission on the namespaces the service writes to, as applying would. Use it to check a service before creating it, or to show what a template would write.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        (
          formSchemaOf(
            serviceInputSchema,
            z as unknown as ScaffolderZod,
          ) as unknown as ReturnType<ActionZod['object']>
        ).extend({
          cluster: z
            .string()
            .optional()
            .describe(
              'Configured cluster to check against (default: the default cluster)',
            ),
        }),
      output: z =>
        z.object({
          cluster: z.string().describe('The cluster checked against'),
          verdict: z
            .enum([
              'ready',
              'invalid-input',
              'breaks-governance',
              'rejected-by-cluster',
            ])
            .describe(
              'ready: the template would create the service; otherwise the first thing that stops it',
            ),
          applied: z
            .literal(false)
            .describe('A preview never changes the cluster'),
          errors: z
            .array(problemSchema(z))
            .describe(
              'Input problems, an app-id already taken, or governance findings as the template reports them',
            ),
          warnings: z.array(problemSchema(z)),
          findings: z
            .array(
              z
                .object({
                  ruleId: z.string(),
                  severity: z.string(),
                  message: z.string(),
                  remediation: z.string(),
                })
                .passthrough(),
            )
            .describe(
              "The portal's governance findings on the rendered service",
            ),
          manifests: z
            .array(
              z.object({
                path: z.string().describe('The file the template writes it to'),
                object: z
                  .object({
                    apiVersion: z.string(),
                    kind: z.string(),
                    metadata: z
                      .object({
                        name: z.string(),
                        namespace: z.string().optional(),
                      })
                      .passthrough(),
                  })
                  .passthrough(),
              }),
            )
            .describe(
              'The rendered Kubernetes objects (secrets only as secretKeyRef)',
            ),
          publicUrl: z.string().optional(),
          notes: z.array(z.string()),
          dryRun: z
            .object({
              accepted: z.boolean(),
              results: z.array(
                z
                  .object({
                    kind: z.string(),
                    name: z.string(),
                    namespace: z.string().optional(),
                    outcome: z
                      .string()
                      .describe('would-create or would-update'),
                  })
                  .passthrough(),
              ),
              failures: z.array(
                z
                  .object({
                    object: z
                      .object({ kind: z.string(), name: z.string() })
                      .passthrough(),
                    message: z.string(),
                    reason: z.string().optional(),
                    fix: z.string().optional(),
                  })
                  .passthrough(),
              ),
            })
            .optional()
            .describe(
              'The server-side dry run of every object; absent when the input is invalid',
            ),
        }),
    },
    examples,
    action: async ({ input, credentials }) => {
      const cluster = requireCluster(
        settings,
        (input as { cluster?: string }).cluster,
      );
      const draft = serviceDraftOf(
        input as Record<string, unknown>,
        ACTION_ONLY_KEYS,
      );
      // Before anything is read from the cluster (the app-id check reads the namespace).
      const named = draftNamespaces(draft);
      if (named.length > 0) {
        await requireApplyPermission({
          permissions,
          credentials,
          cluster: cluster.name,
          objects: named.map(namespace => ({ metadata: { namespace } })),
        });
      }
      const prepared = await prepareService({
        draft,
        settings,
        cluster,
        logger,
      });
      const base = {
        cluster: cluster.name,
        applied: false as const,
        warnings: prepared.warnings,
      };
      if (!prepared.ok) {
        return {
          output: {
            ...base,
            verdict: 'invalid-input' as const,
            errors: prepared.errors,
            findings: [],
            manifests: [],
            notes: [],
          },
        };
      }
      const { rendered } = prepared;
      await requireApplyPermission({
        permissions,
        credentials,
        cluster: cluster.name,
        objects: rendered.manifests.map(m => m.object),
      });
      const checked = await preflight(
        connectionFor(cluster),
        rendered.manifests.map((m, index) => ({
          object: m.object as KubeObject,
          source: `${m.path}#${index}`,
        })),
        { fieldManager: DEFAULT_FIELD_MANAGER },
      );
      let verdict: 'ready' | 'breaks-governance' | 'rejected-by-cluster' =
        'ready';
      if (prepared.governanceErrors.length > 0) verdict = 'breaks-governance';
      else if (checked.failures.length > 0) verdict = 'rejected-by-cluster';
      return {
        output: {
          ...base,
          verdict,
          errors: prepared.governanceErrors,
          findings: prepared.findings,
          manifests: rendered.manifests,
          ...(rendered.publicUrl ? { publicUrl: rendered.publicUrl } : {}),
          notes: rendered.notes,
          dryRun: {
            accepted: checked.failures.length === 0,
            results: checked.outcomes,
            failures: checked.failures,
          },
        },
      };
    },
  });
}
