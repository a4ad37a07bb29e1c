import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { findAppIdUsage } from '../lib/appIds';
import { formFieldsOf } from '../lib/formSchema';
import {
  formatValidationErrors,
  governanceErrors,
  readFleetContext,
} from '../lib/governance';
import { manifestListsFor } from '../lib/manifestList';
import { serializeRenderedFile } from '../lib/manifests';
import {
  DapriseScaffolderSettings,
  connectionFor,
  selectCluster,
} from '../lib/settings';
import { writeFilesAtomically } from '../lib/workspace';
import { renderedFiles, renderService } from '../render/service';
import type { ValidationError } from '../validation';
import { serviceInputSchema, validateServiceInput } from '../validation';
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
      // The service input's fields with their types and descriptions, from the one validation
      // schema; the rules (ranges, name formats, references) are left to validateServiceInput,
      // which reports every problem with its field and fix.
      input: {
        ...formFieldsOf(serviceInputSchema),
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
      const client = cluster ? connectionFor(cluster) : undefined;
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

      const platform = {
        allowKubernetesSecretStore: settings.allowKubernetesSecretStore,
      };
      const validation = validateServiceInput(draft, {
        existingAppIds,
        ...platform,
      });
      for (const warning of validation.warnings) {
        ctx.logger.warn(
          `${warning.field}: ${warning.message} (${warning.rule}) — ${warning.fix}`,
        );
      }
      if (!validation.ok)
        refuse(validation.errors, 'The service input is invalid');

      const rendered = renderService(validation.value, platform);
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

      const serialized = renderedFiles(rendered).map(file => ({
        path: file.path,
        content: serializeRenderedFile(file),
      }));
      // With the list of what was written and its checksums, the apply action sends exactly
      // these files: a step in between that adds or changes one makes the apply refuse.
      const files = await writeFilesAtomically({
        workspacePath: ctx.workspacePath,
        targetDir,
        files: [...serialized, ...manifestListsFor(serialized)],
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
