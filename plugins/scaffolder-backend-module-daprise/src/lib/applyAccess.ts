import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  dapriseClusterApplyPermission,
  stringifyApplyTargetRef,
} from '@daprise/plugin-daprise-common';

/**
 * Requires `daprise.cluster.apply` on every namespace of a cluster that objects write to, asked
 * per namespace so that a policy can let a team apply only into its own (a conditional decision
 * the scaffolder plugin evaluates on the apply target). A cluster-scoped object has no
 * namespace: its target names none, which no namespace condition matches (only an
 * unconditional allow does). Throws `NotAllowedError` naming the namespaces denied.
 */
export async function requireApplyPermission(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  cluster: string;
  objects: ReadonlyArray<{ metadata: { namespace?: string } }>;
}): Promise<void> {
  const { permissions, credentials, cluster, objects } = options;
  const namespaces = [
    ...new Set(objects.map(o => o.metadata.namespace ?? '')),
  ].sort();
  const decisions = await permissions.authorize(
    namespaces.map(namespace => ({
      permission: dapriseClusterApplyPermission,
      resourceRef: stringifyApplyTargetRef({ cluster, namespace }),
    })),
    { credentials },
  );
  const denied = namespaces.filter(
    (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
  );
  if (denied.length > 0) {
    throw new NotAllowedError(
      `You may not apply to ${denied
        .map(n => (n ? `namespace ${n}` : 'cluster-scoped objects'))
        .join(', ')} of cluster ${cluster}: the permission ${
        dapriseClusterApplyPermission.name
      } was denied`,
    );
  }
}
