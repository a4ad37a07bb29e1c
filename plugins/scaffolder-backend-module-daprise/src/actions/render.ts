import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { COMPONENT_CATALOGUE } from '@daprise/plugin-daprise-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { findAppIdUsage } from '../lib/appIds';
import {
  formatValidationErrors,
  governanceErrors,
  readFleetContext,
} from '../lib/governance';
import { serializeRenderedFile } from '../lib/manifests';
import {
  DapriseScaffolderSettings,
  kubeClientFor,
  selectCluster,
} from '../lib/settings';
import { writeFilesAtomically } from '../lib/workspace';
import { renderedFiles, renderService } from '../render/service';
import type { ValidationError } from '../validation';
import { validateServiceInput } from '../validation';
import { examples } from './render.examples';

/** @public */
export const RENDER_ACTION_ID = 'daprise:service:render';

/** Keys of the action's input that are not part of the service input. */
const ACTION_ONLY_KEYS = ['targetPath', 'cluster'];

/**
 * Forms send an empty string for an optional text field left empty; the service input means
 * "not given" by leaving the field out.
 */
const OPTIONAL_TEXT_FIELDS: Record<string, string[]> = {
  '': ['system', 'description', 'pathPrefix'],
  daprShared: ['configName', 'trustAnchorsConfigMap', 'daprdVersion'],
  gateway: ['gatewayDaprNamespace', 'gatewayAppId'],
};

/** The service input (`ServiceInputDraft`) within the action's input, cleaned of form artefacts. */
function serviceDraftOf(
  input: Record<string, unknown>,
): Record<string, unknown> {
  const draft: Record<string, unknown> = JSON.parse(JSON.stringify(input));
  for (const key of ACTION_ONLY_KEYS) delete draft[key];
  for (const [parent, keys] of Object.entries(OPTIONAL_TEXT_FIELDS)) {
    const holder = (parent ? draft[parent] : draft) as
      | Record<string, unknown>
      | undefined;
    if (!holder || typeof holder !== 'object') continue;
    for (const key of keys) if (holder[key] === '') delete holder[key];
  }
  return draft;
}

function refuse(errors: ValidationError[], what: string): never {
  throw new InputError(
    `${what}; nothing was written:\n${formatValidationErrors(errors)}`,
  );
}

/**
 * Renders a service on Dapr Shared behind the Cilium Gateway into the workspace, after checking
 * it: the input (every field, with a fix for each problem), the app-id against the target
 * cluster, and the rendered objects against the portal's governance rules.
 * @public
 */
export function createDapriseServiceRenderAction(options: {
  settings: DapriseScaffolderSettings;
}) {
  const { settings } = options;
  return createTemplateAction({
    id: RENDER_ACTION_ID,
    description:
      "Renders a service wired to Dapr Shared behind the Cilium Gateway: the app's Deployment and Service, its Dapr Shared instance, Dapr components, an HTTPRoute through the gateway's Dapr Shared, Cilium network policies, the equivalent dapr-shared chart values and catalog-info.yaml. Refuses invalid input, an app-id already used in the namespace and services that break an enabled governance rule, writing nothing then.",
    examples,
    supportsDryRun: true,
    schema: {
      // Types and descriptions only: the rules (ranges, name formats, references) are checked
      // by validateServiceInput, which reports every problem with its field and fix. Constraints
      // here would make the scaffolder reject first, with terser messages.
      input: {
        appId: z =>
          z.string({
            description:
              'Dapr app-id; also the name of the Deployment, the Service, the Dapr Shared release and the catalog entity (DNS label, at most 53 characters)',
          }),
        namespace: z =>
          z.string({
            description:
              'Namespace of the app and its Dapr Shared instance; it must exist',
          }),
        owner: z =>
          z.string({
            description: 'Owner entity ref, e.g. group:default/team-a',
          }),
        system: z => z.string({ description: 'System entity ref' }).optional(),
        description: z =>
          z.string({ description: 'Catalog description' }).optional(),
        appPort: z =>
          z.number({ description: 'Port the app listens on (1-65535)' }),
        appProtocol: z =>
          z
            .string({
              description: 'http (default) or grpc: how daprd calls the app',
            })
            .optional(),
        image: z => z.string({ description: "The app's container image" }),
        daprShared: z =>
          z
            .object({
              strategy: z
                .string({
                  description:
                    'daemonset (default: one daprd per node) or deployment',
                })
                .optional(),
              replicas: z
                .number({
                  description:
                    'Replicas of the deployment strategy (default 1)',
                })
                .optional(),
              daprdVersion: z
                .string({ description: 'daprd version, e.g. 1.16.0' })
                .optional(),
              mtls: z
                .boolean({
                  description: 'Dapr mTLS between daprds (default true)',
                })
                .optional(),
              configName: z
                .string({ description: 'Dapr Configuration for daprd' })
                .optional(),
              trustAnchorsConfigMap: z
                .string({
                  description:
                    'ConfigMap with the Dapr root certificate (ca.crt) in the namespace (default dapr-trust-bundle)',
                })
                .optional(),
            })
            .optional(),
        components: z =>
          z
            .array(
              z.object({
                name: z.string({ description: 'Component name (DNS label)' }),
                type: z.string({
                  description: `Component type: ${COMPONENT_CATALOGUE.map(
                    c => c.type,
                  ).join(', ')}`,
                }),
                version: z
                  .string({ description: 'Component version (default v1)' })
                  .optional(),
                metadata: z
                  .array(
                    z.object({
                      name: z.string(),
                      value: z
                        .string({
                          description: 'A plain value (never for secrets)',
                        })
                        .optional(),
                      secretKeyRef: z
                        .object({
                          name: z.string({
                            description: 'Kubernetes Secret in the namespace',
                          }),
                          key: z.string({ description: 'Key in that Secret' }),
                        })
                        .optional(),
                    }),
                  )
                  .optional(),
              }),
            )
            .optional(),
        gateway: z =>
          z
            .object({
              name: z.string({ description: 'Gateway name, e.g. public' }),
              namespace: z.string({
                description: "Gateway's namespace, e.g. infra",
              }),
              gatewayAppId: z
                .string({
                  description:
                    "App-id of the gateway's Dapr Shared (default gateway)",
                })
                .optional(),
              gatewayDaprNamespace: z
                .string({
                  description:
                    "Namespace of the gateway's Dapr Shared, where the HTTPRoute goes (default: the Gateway's)",
                })
                .optional(),
              https: z
                .boolean({
                  description:
                    'Whether the listener serves HTTPS (for the public URL)',
                })
                .optional(),
            })
            .optional(),
        hostnames: z =>
          z
            .array(z.string(), { description: 'Host names the route matches' })
            .optional(),
        pathPrefix: z =>
          z
            .string({
              description: 'Path prefix of the route (default /<appId>)',
            })
            .optional(),
        networkPolicy: z =>
          z
            .boolean({
              description: 'Render Cilium network policies (default true)',
            })
            .optional(),
        targetPath: z =>
          z
            .string({
              description:
                'Workspace folder to write to (default: the workspace root)',
            })
            .optional(),
        cluster: z =>
          z
            .string({
              description:
                'Configured cluster to check the app-id and fleet settings against (default: the default cluster)',
            })
            .optional(),
      },
      output: {
        files: z =>
          z.array(z.string(), {
            description: 'Written files, relative to the workspace',
          }),
        appId: z => z.string(),
        namespace: z => z.string(),
        publicUrl: z =>
          z
            .string({
              description: 'Where the service is reachable through the Gateway',
            })
            .optional(),
        notes: z =>
          z.array(z.string(), {
            description:
              'What a human must know or do that manifests cannot express',
          }),
      },
    },
    async handler(ctx) {
      const input = ctx.input as Record<string, unknown>;
      const draft = serviceDraftOf(input);
      const targetDir = resolveSafeChildPath(
        ctx.workspacePath,
        (input.targetPath as string | undefined) ?? '.',
      );

      const cluster = selectCluster(
        settings,
        input.cluster as string | undefined,
      );
      const client = cluster ? kubeClientFor(cluster) : undefined;
      let existingAppIds: Record<string, string[]> | undefined;
      if (
        client &&
        typeof draft.appId === 'string' &&
        typeof draft.namespace === 'string'
      ) {
        // Read-only, so it runs in the scaffolder's dry-run mode too.
        const usage = await findAppIdUsage(
          client,
          draft.namespace,
          draft.appId,
        );
        if (usage.unchecked.length > 0) {
          ctx.logger.warn(
            `Cluster ${cluster!.name}: may not list ${usage.unchecked.join(
              ', ',
            )} in ${draft.namespace}; an app-id used there would go unnoticed`,
          );
        }
        if (usage.usedBy.length > 0) {
          ctx.logger.info(
            `App-id ${draft.appId} is used by ${usage.usedBy.join(', ')}`,
          );
          existingAppIds = { [draft.namespace]: [draft.appId] };
        }
      } else if (!cluster) {
        ctx.logger.warn(
          'No cluster is configured (daprise.scaffolder.clusters): the app-id is not checked against a cluster',
        );
      }

      const validation = validateServiceInput(draft, { existingAppIds });
      if (!validation.ok)
        refuse(validation.errors, 'The service input is invalid');

      const rendered = renderService(validation.value);
      const findings = governanceErrors(rendered, {
        cluster: cluster?.name,
        rulesConfig: settings.rulesConfig,
        context: client
          ? await readFleetContext(client, cluster!.name)
          : undefined,
      });
      if (findings.length > 0) {
        refuse(findings, "The service breaks the portal's governance rules");
      }

      const files = await writeFilesAtomically({
        workspacePath: ctx.workspacePath,
        targetDir,
        files: renderedFiles(rendered).map(file => ({
          path: file.path,
          content: serializeRenderedFile(file),
        })),
      });
      for (const file of files) ctx.logger.info(`Wrote ${file}`);
      for (const note of rendered.notes) ctx.logger.info(`Note: ${note}`);

      ctx.output('files', files);
      ctx.output('appId', rendered.appId);
      ctx.output('namespace', rendered.namespace);
      if (rendered.publicUrl) ctx.output('publicUrl', rendered.publicUrl);
      ctx.output('notes', rendered.notes);
    },
  });
}
