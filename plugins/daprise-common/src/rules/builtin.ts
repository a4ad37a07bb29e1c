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
import type { Rule } from './types';

/**
 * The rules Daprise ships. The backend adds rules from other modules through its extension point.
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
];
