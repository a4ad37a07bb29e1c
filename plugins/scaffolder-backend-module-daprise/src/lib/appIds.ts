import {
  DAPR_APP_ID_ANNOTATION,
  daprServiceName,
} from '@daprise/plugin-daprise-common';
import {
  describeObject,
  KubernetesConnection,
  KubernetesError,
  referenceOf,
} from '@daprise/plugin-daprise-node';

const WORKLOAD_KINDS = ['Deployment', 'DaemonSet', 'StatefulSet'] as const;

/**
 * Where an app-id is already in use in a namespace, and what could not be checked.
 */
export interface AppIdUsage {
  /** The objects that use the app-id, e.g. `DaemonSet shop/orders-dapr-shared-chart`. */
  usedBy: string[];
  /** Kinds the identity may not list, so that usage could hide there. */
  unchecked: string[];
}

/**
 * Finds the objects that already claim an app-id in a namespace: a workload whose pod template
 * carries `dapr.io/app-id` (a Dapr Shared instance, or an app with a sidecar) as a label or an
 * annotation, or the Service `<app-id>-dapr` that Dapr's name resolution dials (made by the Dapr
 * operator for sidecars, by the chart for Dapr Shared). Dapr resolves app-ids per namespace, so a
 * second app with the same id would take over the first one's traffic.
 *
 * Read-only. A kind the identity may not list (the shipped scaffolder role cannot list
 * StatefulSets) is reported as unchecked rather than failing the render.
 */
export async function findAppIdUsage(
  client: KubernetesConnection,
  namespace: string,
  appId: string,
): Promise<AppIdUsage> {
  const usedBy: string[] = [];
  const unchecked: string[] = [];
  const forbidden = (e: unknown) =>
    e instanceof KubernetesError && e.statusCode === 403;

  for (const kind of WORKLOAD_KINDS) {
    try {
      for (const workload of await client.list('apps/v1', kind, namespace)) {
        const template = (workload.spec as any)?.template?.metadata ?? {};
        if (
          template.labels?.[DAPR_APP_ID_ANNOTATION] === appId ||
          template.annotations?.[DAPR_APP_ID_ANNOTATION] === appId
        ) {
          usedBy.push(describeObject(referenceOf(workload)));
        }
      }
    } catch (e) {
      if (!forbidden(e)) throw e;
      unchecked.push(kind);
    }
  }
  try {
    const service = await client.get({
      apiVersion: 'v1',
      kind: 'Service',
      namespace,
      name: daprServiceName(appId),
    });
    if (service) usedBy.push(describeObject(referenceOf(service)));
  } catch (e) {
    if (!forbidden(e)) throw e;
    unchecked.push('Service');
  }
  return { usedBy, unchecked };
}
