import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { formFieldsOf } from '../lib/formSchema';
import { formatValidationErrors } from '../lib/governance';
import { manifestListsFor } from '../lib/manifestList';
import { serializeRenderedFile } from '../lib/manifests';
import { prepareService, serviceDraftOf } from '../lib/prepare';
import { DapriseScaffolderSettings, selectCluster } from '../lib/settings';
import { writeFilesAtomically } from '../lib/workspace';
import { renderedFiles } from '../render/service';
import type { ValidationError } from '../validation';
import { serviceInputSchema } from '../validation';
import { examples } from './render.examples';

/** @public */
export const RENDER_ACTION_ID = 'daprise:service:render';

/** Keys of the action's input that are not part of the service input. */
const ACTION_ONLY_KEYS = ['targetPath', 'cluster'];

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
      const draft = serviceDraftOf(input, ACTION_ONLY_KEYS);
      const targetDir = resolveSafeChildPath(
        ctx.workspacePath,
        (input.targetPath as string | undefined) ?? '.',
      );

      const prepared = await prepareService({
        draft,
        settings,
        // Read-only, so it runs in the scaffolder's dry-run mode too.
        cluster: selectCluster(settings, input.cluster as string | undefined),
        logger: ctx.logger,
      });
      for (const warning of prepared.warnings) {
        ctx.logger.warn(
          `${warning.field}: ${warning.message} (${warning.rule}) — ${warning.fix}`,
        );
      }
      if (!prepared.ok) refuse(prepared.errors, 'The service input is invalid');
      if (prepared.governanceErrors.length > 0) {
        refuse(
          prepared.governanceErrors,
          "The service breaks the portal's governance rules",
        );
      }
      const rendered = prepared.rendered;

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
