import {
  DAPR_APP_ID_ANNOTATION,
  DAPR_SHARED_CHART_NAME,
  DAPRISE_DAPR_SHARED_LABEL,
  KUBERNETES_ID_ANNOTATION,
} from '@daprise/plugin-daprise-common';

/**
 * Version of the dapr-shared chart whose output `renderService` reproduces.
 * @public
 */
export const DAPR_SHARED_CHART_VERSION = '1.16.0';

/** Labels of the app's own objects. `app.kubernetes.io/name` differs from Dapr Shared's, so selectors never mix them. */
export function appLabels(appId: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': appId,
    'app.kubernetes.io/part-of': appId,
    [KUBERNETES_ID_ANNOTATION]: appId,
  };
}

/** The app pods' selector. */
export function appSelector(appId: string): Record<string, string> {
  return { 'app.kubernetes.io/name': appId };
}

/** The chart's `dapr-shared.selectorLabels` for release `<appId>`. */
export function daprSharedSelectorLabels(
  appId: string,
): Record<string, string> {
  return {
    'app.kubernetes.io/name': DAPR_SHARED_CHART_NAME,
    'app.kubernetes.io/instance': appId,
  };
}

/**
 * The chart's `dapr-shared.labels`, plus Daprise's marker. `app.kubernetes.io/managed-by` is
 * `daprise`, not `Helm`: no Helm release owns these objects, and claiming one would mislead both
 * people and Helm.
 */
export function daprSharedLabels(appId: string): Record<string, string> {
  return {
    'helm.sh/chart': `${DAPR_SHARED_CHART_NAME}-${DAPR_SHARED_CHART_VERSION}`,
    ...daprSharedSelectorLabels(appId),
    'app.kubernetes.io/managed-by': 'daprise',
    'app.kubernetes.io/part-of': appId,
    [DAPRISE_DAPR_SHARED_LABEL]: 'true',
    [KUBERNETES_ID_ANNOTATION]: appId,
  };
}

/** Pod labels of the Dapr Shared pods: the chart's (app-id and selector labels) plus Daprise's. */
export function daprSharedPodLabels(appId: string): Record<string, string> {
  return {
    [DAPR_APP_ID_ANNOTATION]: appId,
    ...daprSharedSelectorLabels(appId),
    [DAPRISE_DAPR_SHARED_LABEL]: 'true',
    [KUBERNETES_ID_ANNOTATION]: appId,
  };
}

/**
 * The chart's `dapr-shared.fullname` for release `<appId>`: `<appId>-dapr-shared-chart`, cut to
 * 63 characters with one trailing "-" removed (Helm's `trunc 63 | trimSuffix "-"`).
 * @public
 */
export function daprSharedFullname(appId: string): string {
  const name = `${appId}-${DAPR_SHARED_CHART_NAME}`.slice(0, 63);
  return name.endsWith('-') ? name.slice(0, -1) : name;
}

/** In-cluster DNS name of a Service, without assuming the cluster domain (`cluster.local`). */
export function serviceHost(name: string, namespace: string): string {
  return `${name}.${namespace}.svc`;
}
