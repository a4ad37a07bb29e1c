import type { ScaffolderZod } from '../lib/formSchema';

/**
 * The input fields that the cluster actions (validate, apply) share: which manifests, and which
 * cluster. Written once so both actions describe them alike in the template editor.
 */
export const manifestsInput = {
  path: (z: ScaffolderZod) =>
    z
      .string({
        description:
          'Workspace file or folder with the manifests (default deploy)',
      })
      .optional(),
  cluster: (z: ScaffolderZod) =>
    z
      .string({
        description: 'Configured cluster name (default: the default cluster)',
      })
      .optional(),
};

/**
 * The output list of the cluster actions: one entry per object, with the file it came from and
 * what the cluster said (`outcome` describes the action's own words for it).
 */
export function objectOutcomes(z: ScaffolderZod, outcome: string) {
  return z.array(
    z.object({
      apiVersion: z.string(),
      kind: z.string(),
      namespace: z.string().optional(),
      name: z.string(),
      source: z.string(),
      outcome: z.string({ description: outcome }),
    }),
  );
}
