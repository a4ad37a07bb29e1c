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
