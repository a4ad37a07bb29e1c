import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ManifestsRejectedError, preflight } from '../lib/clusterOps';
import { readWorkspaceManifests } from '../lib/manifests';
import {
  DapriseScaffolderSettings,
  connectionFor,
  requireCluster,
} from '../lib/settings';
import { manifestsInput, objectOutcomes } from './manifestFields';
import { examples } from './validate.examples';

/** @public */
export const VALIDATE_ACTION_ID = 'daprise:cluster:validate';

/** The field manager of a dry run: the apply action's default, so conflicts show up alike. */
export const DEFAULT_FIELD_MANAGER = 'daprise-scaffolder';

/**
 * Checks the manifests in the workspace against a cluster by server-side dry run, changing
 * nothing. In the scaffolder's dry-run mode it does the same (every request it makes is a read
 * or a `dryRun=All`).
 * @public
 */
export function createDapriseClusterValidateAction(options: {
  settings: DapriseScaffolderSettings;
}) {
  const { settings } = options;
  return createTemplateAction({
    id: VALIDATE_ACTION_ID,
    description:
      "Checks every Kubernetes manifest under a workspace path against a cluster by server-side apply with dryRun=All, in dependency order, without changing anything. Reports every rejected object with the fields and messages the API server gave, a missing namespace, and objects that would take over another app's.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...manifestsInput,
      },
      output: {
        cluster: z => z.string({ description: 'The cluster checked against' }),
        objects: z =>
          z.number({ description: 'How many objects were checked' }),
        results: z => objectOutcomes(z, 'valid'),
      },
    },
    async handler(ctx) {
      const cluster = requireCluster(settings, ctx.input.cluster);
      const manifests = await readWorkspaceManifests(
        ctx.workspacePath,
        ctx.input.path,
        ctx.logger,
      );

      const client = connectionFor(cluster);
      const checked = await preflight(client, manifests, {
        fieldManager: DEFAULT_FIELD_MANAGER,
      });
      const results = checked.outcomes.map(o => ({ ...o, outcome: 'valid' }));
      ctx.output('cluster', cluster.name);
      ctx.output('objects', manifests.length);
      ctx.output('results', results);
      if (checked.failures.length > 0) {
        throw new ManifestsRejectedError(
          cluster.name,
          manifests.length,
          checked.failures,
        );
      }
      ctx.logger.info(
        `Cluster ${cluster.name} accepts all ${manifests.length} object(s) (server-side dry run)`,
      );
    },
  });
}
