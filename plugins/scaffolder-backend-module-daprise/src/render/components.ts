import { KUBERNETES_ID_ANNOTATION } from '@daprise/plugin-daprise-common';
import type { ServiceInput } from '../validation';
import type { KubernetesManifest } from './types';

/**
 * The app's Dapr Components, each scoped to the app-id alone. Secrets are only ever referenced
 * (`secretKeyRef`, resolved from Kubernetes Secrets in the namespace), never written.
 * @public
 */
export function renderComponents(input: ServiceInput): KubernetesManifest[] {
  return input.components.map(component => {
    const usesSecrets = component.metadata.some(
      m => m.secretKeyRef !== undefined,
    );
    return {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: component.name,
        namespace: input.namespace,
        labels: {
          'app.kubernetes.io/part-of': input.appId,
          [KUBERNETES_ID_ANNOTATION]: input.appId,
        },
      },
      spec: {
        type: component.type,
        version: component.version,
        metadata: component.metadata.map(item =>
          item.secretKeyRef
            ? {
                name: item.name,
                secretKeyRef: {
                  name: item.secretKeyRef.name,
                  key: item.secretKeyRef.key,
                },
              }
            : { name: item.name, value: item.value ?? '' },
        ),
      },
      // `scopes` and `auth` are top-level fields of a Component, not part of its spec.
      ...(usesSecrets ? { auth: { secretStore: 'kubernetes' } } : {}),
      scopes: [input.appId],
    };
  });
}
