import {
  DAPRISE_APPLY_TARGET_RESOURCE_TYPE,
  DapriseApplyTarget,
  parseApplyTargetRef,
} from '@daprise/plugin-daprise-common';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';

/**
 * A filter on apply targets, what the rules translate to for a query. Nothing queries apply
 * targets today; the permission framework asks every rule for one.
 * @public
 */
export type DapriseApplyTargetFilter = {
  property: 'cluster' | 'namespace';
  values: string[];
};

/**
 * The apply target resource of `daprise.cluster.apply`, owned by the scaffolder plugin (whose
 * Daprise module authorizes the permission and evaluates its conditions).
 * @public
 */
export const dapriseApplyTargetResourceRef = createPermissionResourceRef<
  DapriseApplyTarget,
  DapriseApplyTargetFilter
>().with({
  pluginId: 'scaffolder',
  resourceType: DAPRISE_APPLY_TARGET_RESOURCE_TYPE,
});

const isInCluster = createPermissionRule({
  name: 'IS_IN_CLUSTER',
  description: 'Allow applying to the listed clusters (their configured names)',
  resourceRef: dapriseApplyTargetResourceRef,
  paramsSchema: z.object({
    clusters: z.array(z.string()).describe('Configured cluster names'),
  }),
  apply: (target, { clusters }) => clusters.includes(target.cluster),
  toQuery: ({ clusters }) => ({ property: 'cluster', values: clusters }),
});

const isInNamespace = createPermissionRule({
  name: 'IS_IN_NAMESPACE',
  description: 'Allow applying into the listed Kubernetes namespaces',
  resourceRef: dapriseApplyTargetResourceRef,
  paramsSchema: z.object({
    namespaces: z.array(z.string()).describe('Kubernetes namespaces'),
  }),
  apply: (target, { namespaces }) => namespaces.includes(target.namespace),
  toQuery: ({ namespaces }) => ({ property: 'namespace', values: namespaces }),
});

/**
 * The rules a policy may put on `daprise.cluster.apply`, for registration with the permission
 * registry.
 * @public
 */
export const dapriseApplyTargetRules = { isInCluster, isInNamespace };

const exported = createConditionExports({
  resourceRef: dapriseApplyTargetResourceRef,
  rules: dapriseApplyTargetRules,
});

/**
 * Conditions on `daprise.cluster.apply` for permission policies, e.g. a team may apply only
 * into its namespaces: `dapriseApplyTargetConditions.isInNamespace({ namespaces: ['shop'] })`.
 * @public
 */
export const dapriseApplyTargetConditions = exported.conditions;

/**
 * A conditional decision on `daprise.cluster.apply`, evaluated by the scaffolder plugin.
 * @public
 */
export const createDapriseApplyTargetConditionalDecision =
  exported.createConditionalDecision;

/**
 * Loads apply targets by resource ref (`<cluster>/<namespace>`): the target is its ref, so
 * nothing is looked up. For `permissionsRegistry.addResourceType`.
 * @public
 */
export async function getApplyTargets(
  refs: string[],
): Promise<Array<DapriseApplyTarget | undefined>> {
  return refs.map(parseApplyTargetRef);
}
