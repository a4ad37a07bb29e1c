import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { kubernetesPermissions } from '@backstage/plugin-kubernetes-common';
import {
  AuthorizeResult,
  isPermission,
  PermissionCondition,
  PermissionCriteria,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  DAPRISE_APPLY_TARGET_RESOURCE_TYPE,
  dapriseClusterApplyPermission,
  dapriseEntityReadPermission,
  dapriseFleetReadPermission,
} from '@daprise/plugin-daprise-common';
import {
  createDapriseApplyTargetConditionalDecision,
  dapriseApplyTargetConditions,
} from '@daprise/plugin-daprise-node';
import { z } from 'zod';

const entityRef = z
  .string()
  .regex(
    /^[a-z0-9-_]+:[a-z0-9-_.]+\/[a-z0-9-_.]+$/i,
    'must be a full entity ref such as group:default/platform',
  );

const settingsSchema = z.object({
  platformGroup: entityRef.default('group:default/platform'),
  /** Which teams may apply into which namespaces (of which clusters: all when not given). */
  applyScopes: z
    .array(
      z.object({
        group: entityRef,
        namespaces: z.array(z.string().min(1)).min(1),
        clusters: z.array(z.string().min(1)).min(1).optional(),
      }),
    )
    .default([]),
});

/** `permission.policy` of the app config. */
export type PortalPolicySettings = z.infer<typeof settingsSchema>;

/** Reads `permission.policy`, naming the field and the fix when it is wrong. */
export function readPortalPolicySettings(config: Config): PortalPolicySettings {
  const raw = config.getOptional('permission.policy') ?? {};
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `permission.policy.${issue.path.join('.')}: ${issue.message}`,
    );
  }
  return parsed.data;
}

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * The portal's permission policy, secure by default:
 * - the platform team (`permission.policy.platformGroup`) may do everything;
 * - an entity's Dapr view is for the entity's owners (a condition the catalog evaluates
 *   on the entity: `isEntityOwner` with the user's ownership claims);
 * - applying (`daprise.cluster.apply`) into the namespaces `permission.policy.applyScopes`
 *   gives the user's teams: a condition on the apply target that the scaffolder evaluates;
 * - the Dapr fleet and the Kubernetes plugin's endpoints (its proxy
 *   carries the portal's cluster token: anyone allowed could read every object that token
 *   reads, Secrets' neighbours such as Components with plaintext values included) are the
 *   platform team's only;
 * - the rest (the catalog, the scaffolder's templates and tasks) is allowed to every
 *   signed-in user, as in a portal without a policy.
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  constructor(private readonly settings: PortalPolicySettings) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (claims.includes(this.settings.platformGroup)) return ALLOW;

    if (isPermission(permission, dapriseEntityReadPermission)) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    if (isPermission(permission, dapriseClusterApplyPermission)) {
      const scopes = this.settings.applyScopes.filter(scope =>
        claims.includes(scope.group),
      );
      if (scopes.length === 0) return DENY;
      const { isInCluster, isInNamespace } = dapriseApplyTargetConditions;
      const criteria: PermissionCriteria<
        PermissionCondition<typeof DAPRISE_APPLY_TARGET_RESOURCE_TYPE>
      >[] = scopes.map(scope =>
        scope.clusters
          ? {
              allOf: [
                isInCluster({ clusters: scope.clusters }),
                isInNamespace({ namespaces: scope.namespaces }),
              ],
            }
          : isInNamespace({ namespaces: scope.namespaces }),
      );
      const [first, ...more] = criteria;
      return createDapriseApplyTargetConditionalDecision(
        permission,
        more.length === 0 ? first : { anyOf: [first, ...more] },
      );
    }
    if (
      isPermission(permission, dapriseFleetReadPermission) ||
      kubernetesPermissions.some(k => isPermission(permission, k))
    ) {
      return DENY;
    }
    return ALLOW;
  }
}

/** Installs {@link PortalPermissionPolicy} as the permission backend's policy. */
export const permissionModulePortalPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'daprise-portal-policy',
  register(env) {
    env.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ policy, config }) {
        policy.setPolicy(
          new PortalPermissionPolicy(readPortalPolicySettings(config)),
        );
      },
    });
  },
});
