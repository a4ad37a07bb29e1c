import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { Rule } from '@daprise/plugin-daprise-common';

/**
 * Adds governance rules to the Daprise backend. Added rules are evaluated with the
 * built-in ones on every app view, configured the same way (`daprise.rules.<id>`), and
 * show up in the entity card, the fleet page and its summary by rule.
 *
 * @example
 * ```ts
 * createBackendModule({
 *   pluginId: 'daprise',
 *   moduleId: 'acme-rules',
 *   register(env) {
 *     env.registerInit({
 *       deps: { rules: dapriseRulesExtensionPoint },
 *       async init({ rules }) {
 *         rules.addRules(requireResiliencyRule);
 *       },
 *     });
 *   },
 * });
 * ```
 * @public
 */
export interface DapriseRulesExtensionPoint {
  addRules(...rules: Rule[]): void;
}

/** @public */
export const dapriseRulesExtensionPoint =
  createExtensionPoint<DapriseRulesExtensionPoint>({
    id: 'daprise.rules',
  });
