// The Dapr control plane of one cluster: its services, wherever they run, and the mTLS
// settings of its `daprsystem` Configuration. Read from the workloads the backend watches
// anyway; grouping (./snapshot) calls it once per change of the cluster.
import { daprdVersionFromImage } from '../images';
import { refOf } from '../refs';
import type { ObjectRef, SlimConfiguration, SlimWorkload } from '../types';

/**
 * A service of the Dapr control plane.
 * @public
 */
export type ControlPlaneServiceName =
  | 'operator'
  | 'sentry'
  | 'placement'
  | 'scheduler'
  | 'sidecar-injector';

/**
 * The `app` label the Dapr Helm chart (charts/dapr of github.com/dapr/dapr v1.18.3, one
 * subchart per service) gives each control-plane workload and its pods: Deployments for the
 * operator, sentry and injector, StatefulSets for placement and scheduler.
 */
const APP_LABELS: Record<string, ControlPlaneServiceName> = {
  'dapr-operator': 'operator',
  'dapr-sentry': 'sentry',
  'dapr-placement-server': 'placement',
  'dapr-scheduler-server': 'scheduler',
  'dapr-sidecar-injector': 'sidecar-injector',
};

/**
 * One control-plane service as it runs.
 * @public
 */
export interface ControlPlaneService {
  name: ControlPlaneServiceName;
  ref: ObjectRef;
  namespace: string;
  /** From the image tag (`daprio/operator:1.18.3` gives `1.18.3`). */
  version?: string;
  desired: number;
  ready: number;
}

/**
 * The Dapr control plane of a cluster.
 * @public
 */
export interface ClusterControlPlane {
  /** The services found, by name; one missing is not installed (or not visible). */
  services: ControlPlaneService[];
  /** The namespaces they run in (`dapr-system` by default, any other when installed so). */
  namespaces: string[];
  /**
   * mTLS between daprds as `daprsystem` sets it. `default` when there is no `daprsystem`:
   * Dapr then applies its default, mTLS on (Dapr 1.18 docs, "Setup & configure mTLS
   * certificates": mTLS is enabled by default in Kubernetes mode).
   */
  mtls: {
    enabled: boolean;
    source: 'daprsystem' | 'default';
    workloadCertTTL?: string;
    allowedClockSkew?: string;
  };
  /** The `daprsystem` Configuration read, when there is one. */
  daprsystem?: ObjectRef;
}

/**
 * Which control-plane service a workload runs, by the chart's `app` label (which is also the
 * workload's name in the chart); undefined otherwise.
 * @public
 */
export function controlPlaneServiceOf(
  workload: SlimWorkload,
): ControlPlaneServiceName | undefined {
  for (const name of [
    workload.labels.app,
    workload.podLabels.app,
    workload.name,
  ]) {
    if (name && Object.prototype.hasOwnProperty.call(APP_LABELS, name))
      return APP_LABELS[name];
  }
  return undefined;
}

/**
 * The control plane of a cluster from its workloads and its `daprsystem` Configuration.
 * @public
 */
export function describeControlPlane(
  cluster: string,
  workloads: Iterable<SlimWorkload>,
  daprsystem: SlimConfiguration | undefined,
): ClusterControlPlane {
  const services: ControlPlaneService[] = [];
  for (const workload of workloads) {
    const name = controlPlaneServiceOf(workload);
    if (!name) continue;
    const service: ControlPlaneService = {
      name,
      ref: refOf(cluster, workload),
      namespace: workload.namespace,
      desired: workload.replicas.desired,
      ready: workload.replicas.ready,
    };
    const version =
      daprdVersionFromImage(workload.containers[0]?.image) ??
      workload.labels['app.kubernetes.io/version'];
    if (version) service.version = version;
    services.push(service);
  }
  const order = Object.values(APP_LABELS);
  services.sort(
    (a, b) =>
      order.indexOf(a.name) - order.indexOf(b.name) ||
      a.namespace.localeCompare(b.namespace),
  );
  const mtls: ClusterControlPlane['mtls'] = daprsystem?.mtls
    ? {
        enabled: daprsystem.mtls.enabled,
        source: 'daprsystem',
        ...(daprsystem.mtls.workloadCertTTL
          ? { workloadCertTTL: daprsystem.mtls.workloadCertTTL }
          : {}),
        ...(daprsystem.mtls.allowedClockSkew
          ? { allowedClockSkew: daprsystem.mtls.allowedClockSkew }
          : {}),
      }
    : { enabled: true, source: daprsystem ? 'daprsystem' : 'default' };
  const plane: ClusterControlPlane = {
    services,
    namespaces: [...new Set(services.map(s => s.namespace))].sort(),
    mtls,
  };
  if (daprsystem) plane.daprsystem = refOf(cluster, daprsystem);
  return plane;
}
