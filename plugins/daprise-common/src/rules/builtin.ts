import {
  componentPlaintextSecretRule,
  componentUnscopedRule,
} from './componentRules';
import {
  appWithoutDaprRule,
  daprdVersionSkewRule,
  daprSharedMtlsDisabledRule,
  daprSharedWithoutNetworkPolicyRule,
} from './daprSharedRules';
import {
  routeBypassesDaprSharedRule,
  routeNotAcceptedRule,
  routeWithoutHostnameRule,
} from './routeRules';
import {
  gatewayClassMissingRule,
  gatewayListenerConflictRule,
  referenceGrantNamespaceMissingRule,
  referenceGrantUnusedRule,
  routeBackendMissingRule,
  routeBackendNotPermittedRule,
  routeConflictRule,
  routeParentMissingRule,
  routeParentRejectsRule,
} from './objects/gatewayApi';
import {
  componentMetadataDeprecatedRule,
  componentMetadataRequiredRule,
  componentTypeAlphaRule,
  componentTypeUnknownRule,
  configurationMissingRule,
  daprSharedAppChannelMissingRule,
  daprSharedServiceRule,
  daprSharedSingleReplicaRule,
  resiliencyTargetUnknownRule,
  scopesNameNoRunningAppRule,
  subscriptionPubsubOutOfScopeRule,
} from './objects/dapr';
import {
  ciliumPolicySelectsNothingRule,
  routeHopBlockedRule,
} from './objects/cilium';
import type { Rule } from './types';

/**
 * The rules Daprise ships: app checks and object checks. The backend adds rules from other
 * modules through its extension point.
 * @public
 */
export const builtinRules: readonly Rule[] = [
  componentUnscopedRule,
  componentPlaintextSecretRule,
  routeBypassesDaprSharedRule,
  routeNotAcceptedRule,
  daprSharedMtlsDisabledRule,
  daprdVersionSkewRule,
  appWithoutDaprRule,
  daprSharedWithoutNetworkPolicyRule,
  routeWithoutHostnameRule,
  routeParentMissingRule,
  routeParentRejectsRule,
  routeBackendMissingRule,
  routeBackendNotPermittedRule,
  referenceGrantUnusedRule,
  referenceGrantNamespaceMissingRule,
  gatewayClassMissingRule,
  gatewayListenerConflictRule,
  routeConflictRule,
  scopesNameNoRunningAppRule,
  componentTypeUnknownRule,
  componentMetadataRequiredRule,
  componentMetadataDeprecatedRule,
  componentTypeAlphaRule,
  subscriptionPubsubOutOfScopeRule,
  resiliencyTargetUnknownRule,
  configurationMissingRule,
  daprSharedAppChannelMissingRule,
  daprSharedServiceRule,
  daprSharedSingleReplicaRule,
  ciliumPolicySelectsNothingRule,
  routeHopBlockedRule,
];
