import { PermissionsService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { requireApplyPermission } from '../lib/applyAccess';
import {
  applyAllOrNothing,
  ManifestsRejectedError,
  preflight,
} from '../lib/clusterOps';
import { readListedManifests } from '../lib/manifestList';
import { readWorkspaceManifests } from '../lib/manifests';
import {
  DapriseScaffolderSettings,
  connectionFor,
  requireCluster,
} from '../lib/settings';
import { manifestsInput, objectOutcomes } from './manifestFields';
import { examples } from './apply.examples';
import { DEFAULT_FIELD_MANAGER } from './validate';

/** @public */
export const APPLY_ACTION_ID = 'daprise:cluster:apply';

/**
 * Applies the manifests in the workspace to a cluster, all or nothing: only those the render action
 * wrote, as it wrote them (its manifest list and their SHA-256; anything else under the path
 * refuses the apply before the cluster is asked anything); the task's initiator must
 * hold `daprise.cluster.apply`; every object is first checked by server-side dry run (any
 * rejection: nothing is applied); then objects are server-side applied in dependency order, and a
 * failure part-way rolls back what this run created or changed. In the scaffolder's dry-run mode
 * it checks and reports what it would do, changing nothing.
 * @public
 */
export function createDapriseClusterApplyAction(options: {
  settings: DapriseScaffolderSettings;
  permissions: PermissionsService;
}) {
  const { settings, permissions } = options;
  return createTemplateAction({
    id: APPLY_ACTION_ID,
    description:
      "Server-side applies the Kubernetes manifests daprise:service:render wrote under a workspace path to a cluster, all or nothing: only the files of the path's manifest list (daprise-manifests.json), each with the SHA-256 render recorded; an extra, changed or missing file refuses the whole path. Requires the daprise.cluster.apply permission for the task's initiator on each namespace of the cluster the manifests write to. Checks every object by dry run first (then nothing is applied if one is rejected), applies in dependency order, and if an apply fails part-way deletes the objects this run created and restores those it changed.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...manifestsInput,
        fieldManager: z =>
          z
            .string({
              description: `Server-side apply field manager (default ${DEFAULT_FIELD_MANAGER})`,
            })
            .optional(),
      },
      output: {
        cluster: z => z.string({ description: 'The cluster applied to' }),
        applied: z =>
          objectOutcomes(
            z,
            'created, configured or unchanged; in dry-run mode would-create or would-update',
          ),
      },
    },
    async handler(ctx) {
      const cluster = requireCluster(settings, ctx.input.cluster);
      const fieldManager = ctx.input.fieldManager ?? DEFAULT_FIELD_MANAGER;
      const manifests = await readWorkspaceManifests(
        ctx.workspacePath,
        ctx.input.path,
        ctx.logger,
        readListedManifests,
      );

      await requireApplyPermission({
        permissions,
        credentials: await ctx.getInitiatorCredentials(),
        cluster: cluster.name,
        objects: manifests.map(m => m.object),
      });

      const client = connectionFor(cluster);
      const checked = await preflight(client, manifests, { fieldManager });
      if (checked.failures.length > 0) {
        throw new ManifestsRejectedError(
          cluster.name,
          manifests.length,
          checked.failures,
        );
      }
      ctx.output('cluster', cluster.name);
      if (ctx.isDryRun) {
        for (const o of checked.outcomes) {
          ctx.logger.info(
            `Dry run: ${o.kind} ${o.namespace ?? ''}/${o.name} ${o.outcome}`,
          );
        }
        ctx.output('applied', checked.outcomes);
        return;
      }

      // No checkpoint: if the backend restarts mid-task, running the step again is safe, since
      // a server-side apply of the same manifests is idempotent.
      const applied = await applyAllOrNothing(client, checked.ordered, {
        cluster: cluster.name,
        fieldManager,
        logger: ctx.logger,
      });
      ctx.output('applied', applied);
    },
  });
}
