import { refOf } from '../refs';
import type { FindingDraft, Rule } from './types';
import { documentedRule } from './documentation';

/** The path of a metadata entry's literal value in a Component. */
function metadataValueField(name: string): string {
  return `spec.metadata[name=${name}].value`;
}

/** The app-id of an object scoped to exactly one, as a draft's `appId`. */
function onlyApp(scopes: readonly string[]): { appId?: string } {
  return scopes.length === 1 ? { appId: scopes[0] } : {};
}

/**
 * A Component without scopes can be loaded by every app-id in its namespace, including ones
 * that have no business with it (least privilege).
 * @public
 */
export const componentUnscopedRule: Rule = {
  ...documentedRule('component-unscoped'),
  defaultSeverity: 'medium',
  evaluate(view) {
    return view.components
      .filter(component => component.scopes.length === 0)
      .map(component => ({
        message: `Component ${component.name} (${component.type}) has no scopes: every app-id in namespace ${component.namespace} may load it`,
        object: refOf(view.cluster, component),
        field: 'scopes',
        remediation: `Add \`scopes: [${view.appId}]\` (and any other app-id that needs it) to Component ${component.name}.`,
      }));
  },
};

/**
 * A Component with a literal value for a secret-looking metadata entry keeps the secret in the
 * manifest (and in Git, and in every backup of etcd).
 * @public
 */
export const componentPlaintextSecretRule: Rule = {
  ...documentedRule('component-plaintext-secret'),
  defaultSeverity: 'high',
  // Every Component and HTTPEndpoint, whether or not an app has it in scope: one finding per
  // field, so that each names its path. An object check only: the views of the apps that load
  // the object show its findings (with the app's id), so no app check says it again. Scoped to
  // one app-id, the finding names that app.
  check(cluster) {
    const drafts: FindingDraft[] = [];
    for (const component of cluster.objects.Component ?? []) {
      for (const name of component.plaintextSecretLike) {
        drafts.push({
          message: `Component ${component.namespace}/${component.name} (${component.type}) holds ${name} in plain text`,
          object: refOf(cluster.name, component),
          ...onlyApp(component.scopes),
          field: metadataValueField(name),
          remediation: `Store ${name} in a Secret and reference it with secretKeyRef in Component ${component.namespace}/${component.name}.`,
        });
      }
    }
    for (const endpoint of cluster.objects.HTTPEndpoint ?? []) {
      for (const name of endpoint.plaintextSecretLike) {
        drafts.push({
          message: `HTTPEndpoint ${endpoint.namespace}/${endpoint.name} holds header ${name} in plain text`,
          object: refOf(cluster.name, endpoint),
          ...onlyApp(endpoint.scopes),
          field: `spec.headers[name=${name}].value`,
          remediation: `Store header ${name} in a Secret and reference it with secretKeyRef in HTTPEndpoint ${endpoint.namespace}/${endpoint.name}.`,
        });
      }
    }
    return drafts;
  },
};
