/**
 * Extension points and shared configuration readers of the Daprise backend modules.
 *
 * @packageDocumentation
 */
export {
  dapriseRulesExtensionPoint,
  type DapriseRulesExtensionPoint,
} from './extensions';
export {
  resolveClusters,
  type DapriseClusterConfig,
  type DapriseClusterPurpose,
  type DapriseResolvedClusters,
  type DapriseUnusableCluster,
} from './clusters';
export {
  kubeConfigForCluster,
  kubernetesConnectionFor,
  readRulesConfig,
} from './config';
export {
  KubernetesConnection,
  KubernetesError,
  KUBERNETES_ERROR_MESSAGE_LIMIT,
  describeObject,
  isKubernetesStatus,
  kubernetesErrorReason,
  referenceOf,
  type ApiResource,
  type JsonPatchOperation,
  type KubeObject,
  type KubernetesApplyOptions,
  type KubernetesConnectionOptions,
  type KubernetesErrorReason,
  type KubernetesListPage,
  type KubernetesRequestOptions,
  type KubernetesRequestTimeouts,
  type KubernetesResponse,
  type KubernetesStatusCause,
  type KubernetesWatchOptions,
  type ObjectReference,
} from './kubernetes';
export {
  createDapriseApplyTargetConditionalDecision,
  dapriseApplyTargetConditions,
  dapriseApplyTargetResourceRef,
  dapriseApplyTargetRules,
  getApplyTargets,
  type DapriseApplyTargetFilter,
} from './permissions';
