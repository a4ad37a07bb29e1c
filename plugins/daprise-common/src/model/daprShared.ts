import {
  DAPRISE_DAPR_SHARED_LABEL,
  DAPR_APP_ID_ANNOTATION,
} from '../annotations';
import { daprdVersionFromImage } from '../images';
import { isDaprdContainer, isTruthy } from '../slim/workloads';
import type {
  ObjectRef,
  SlimContainer,
  SlimService,
  SlimWorkload,
} from '../types';
import { refOf } from '../refs';
import { parseDaprdArgs, parseFlagBoolean, parsePort } from './daprdArgs';

/**
 * Value of `app.kubernetes.io/name` on everything the dapr-shared Helm chart renders.
 * @public
 */
export const DAPR_SHARED_CHART_NAME = 'dapr-shared-chart';

/**
 * Pod annotation that makes the Dapr injector add a daprd sidecar.
 * @public
 */
export const DAPR_ENABLED_ANNOTATION = 'dapr.io/enabled';

/**
 * How a Dapr Shared instance runs daprd: one per node (DaemonSet) or a set of replicas.
 * @public
 */
export type DaprSharedStrategy = 'daemonset' | 'deployment';

/**
 * Who made a Dapr Shared instance: the dapr-shared Helm chart, Daprise's scaffolder, or someone
 * by hand.
 * @public
 */
export type DaprSharedMadeBy = 'helm' | 'daprise' | 'manual';

/**
 * A running Dapr Shared instance: a Deployment or DaemonSet of daprd serving one app-id for an
 * app that runs elsewhere.
 * @public
 */
export interface DaprSharedInstance {
  ref: ObjectRef;
  appId: string;
  namespace: string;
  strategy: DaprSharedStrategy;
  madeBy: DaprSharedMadeBy;
  desired: number;
  ready: number;
  daprdImage?: string;
  /** From the daprd image tag, e.g. `daprio/daprd:1.16.0` gives `1.16.0`. */
  daprdVersion?: string;
  /** `--app-channel-address`: where the app itself listens. */
  appChannelAddress?: string;
  /** `--app-port`; absent when unset or 0. */
  appPort?: number;
  appProtocol?: string;
  /** `--enable-mtls`; daprd's default is off. */
  mtls: boolean;
  /** `--config`: name of the Dapr Configuration in the instance's namespace. */
  config?: string;
  /** The `<appId>-dapr` Service, when it exists. */
  service?: ObjectRef;
  /** Pod labels of the instance: what network policies select. */
  podLabels: Record<string, string>;
  serviceAccountName?: string;
  /** Arguments daprd ignores (see `DaprdArgs.ignoredArgs`); absent when none. */
  ignoredArgs?: string[];
}

/**
 * An app whose pods get a daprd sidecar from the Dapr injector (`dapr.io/enabled: "true"`).
 * @public
 */
export interface SidecarApp {
  ref: ObjectRef;
  appId: string;
  namespace: string;
  desired: number;
  ready: number;
  appPort?: number;
  appProtocol?: string;
  config?: string;
  /** Only known when the pod template pins `dapr.io/sidecar-image`. */
  daprdVersion?: string;
  /** The `<appId>-dapr` Service the Dapr operator makes, when it exists. */
  service?: ObjectRef;
  /**
   * Labels of the running pods: the template's plus those the Dapr injector adds at admission
   * (`dapr.io/app-id`, `dapr.io/sidecar-injected`), which network policies commonly select on.
   */
  podLabels: Record<string, string>;
  serviceAccountName?: string;
}

/**
 * The name of the Service through which an app-id's daprd is reached (the chart and the Dapr
 * operator both name it so, and Dapr's Kubernetes name resolution dials it).
 * @public
 */
export function daprServiceName(appId: string): string {
  return `${appId}-dapr`;
}

/**
 * The app-id whose daprd a Service fronts, from its name (`<appId>-dapr`); undefined otherwise.
 * @public
 */
export function appIdOfDaprService(serviceName: string): string | undefined {
  return serviceName.endsWith('-dapr') && serviceName.length > 5
    ? serviceName.slice(0, -5)
    : undefined;
}

function daprdContainer(workload: SlimWorkload): SlimContainer | undefined {
  return (
    workload.containers.find(c => c.name === 'daprd') ??
    workload.containers.find(isDaprdContainer)
  );
}

function madeBy(workload: SlimWorkload): DaprSharedMadeBy | undefined {
  const labels = { ...workload.podLabels, ...workload.labels };
  if (labels[DAPRISE_DAPR_SHARED_LABEL] === 'true') return 'daprise';
  if (labels['app.kubernetes.io/name'] === DAPR_SHARED_CHART_NAME)
    return 'helm';
  return undefined;
}

/**
 * Recognises a Dapr Shared instance. A Deployment or DaemonSet is one when it is labelled by the
 * chart (`app.kubernetes.io/name=dapr-shared-chart`) or by Daprise (`daprise.io/dapr-shared=true`),
 * or when its `daprd` container has `--app-id` while its pod template is not injected
 * (`dapr.io/enabled` is not true: an injected pod's daprd is a sidecar). The app-id comes from
 * `--app-id`, else from the pod's `dapr.io/app-id` label or annotation.
 * @public
 */
export function detectDaprShared(
  cluster: string,
  workload: SlimWorkload,
  services?: ReadonlyMap<string, SlimService>,
): DaprSharedInstance | undefined {
  // Dapr Shared runs daprd as a Deployment or a DaemonSet (the dapr-shared chart's two
  // strategies); in any other workload a daprd is a sidecar or not Dapr Shared.
  if (workload.kind !== 'Deployment' && workload.kind !== 'DaemonSet')
    return undefined;
  const container = daprdContainer(workload);
  const { flags, ignoredArgs } = parseDaprdArgs(container?.args ?? []);
  const argAppId = flags.get('app-id') || undefined;
  let origin = madeBy(workload);
  if (!origin) {
    if (!container || !argAppId) return undefined;
    if (isTruthy(workload.podAnnotations[DAPR_ENABLED_ANNOTATION]))
      return undefined;
    origin = 'manual';
  }
  const appId =
    argAppId ??
    workload.podLabels[DAPR_APP_ID_ANNOTATION] ??
    workload.podAnnotations[DAPR_APP_ID_ANNOTATION];
  if (!appId) return undefined;
  const instance: DaprSharedInstance = {
    ref: refOf(cluster, workload),
    appId,
    namespace: workload.namespace,
    strategy: workload.kind === 'DaemonSet' ? 'daemonset' : 'deployment',
    madeBy: origin,
    desired: workload.replicas.desired,
    ready: workload.replicas.ready,
    mtls: parseFlagBoolean(flags.get('enable-mtls')) ?? false,
    podLabels: workload.podLabels,
  };
  if (container?.image) {
    instance.daprdImage = container.image;
    const version = daprdVersionFromImage(container.image);
    if (version) instance.daprdVersion = version;
  }
  const appChannelAddress = flags.get('app-channel-address');
  if (appChannelAddress) instance.appChannelAddress = appChannelAddress;
  const appPort = parsePort(flags.get('app-port'));
  if (appPort !== undefined) instance.appPort = appPort;
  const appProtocol = flags.get('app-protocol');
  if (appProtocol) instance.appProtocol = appProtocol;
  const config = flags.get('config');
  if (config) instance.config = config;
  if (workload.serviceAccountName)
    instance.serviceAccountName = workload.serviceAccountName;
  if (ignoredArgs.length > 0) instance.ignoredArgs = ignoredArgs;
  const service = services?.get(daprServiceName(appId));
  if (service) instance.service = refOf(cluster, service);
  return instance;
}

/**
 * Recognises an app with an injected daprd sidecar (`dapr.io/enabled` true on the pod template).
 * Without a `dapr.io/app-id` annotation the injector derives the app-id from the pod; the
 * workload name is the best guess available from the template.
 * @public
 */
export function detectSidecarApp(
  cluster: string,
  workload: SlimWorkload,
  services?: ReadonlyMap<string, SlimService>,
): SidecarApp | undefined {
  if (!isTruthy(workload.podAnnotations[DAPR_ENABLED_ANNOTATION]))
    return undefined;
  if (madeBy(workload)) return undefined;
  const appId =
    workload.podAnnotations[DAPR_APP_ID_ANNOTATION] || workload.name;
  const app: SidecarApp = {
    ref: refOf(cluster, workload),
    appId,
    namespace: workload.namespace,
    desired: workload.replicas.desired,
    ready: workload.replicas.ready,
    podLabels: {
      ...workload.podLabels,
      [DAPR_APP_ID_ANNOTATION]: appId,
      'dapr.io/sidecar-injected': 'true',
    },
  };
  const appPort = parsePort(workload.podAnnotations['dapr.io/app-port']);
  if (appPort !== undefined) app.appPort = appPort;
  const appProtocol = workload.podAnnotations['dapr.io/app-protocol'];
  if (appProtocol) app.appProtocol = appProtocol;
  const config = workload.podAnnotations['dapr.io/config'];
  if (config) app.config = config;
  const version = daprdVersionFromImage(
    workload.podAnnotations['dapr.io/sidecar-image'],
  );
  if (version) app.daprdVersion = version;
  if (workload.serviceAccountName)
    app.serviceAccountName = workload.serviceAccountName;
  const service = services?.get(daprServiceName(appId));
  if (service) app.service = refOf(cluster, service);
  return app;
}

/**
 * Where an app channel address points, as a Service: `name`, `name.ns`, `name.ns.svc` or
 * `name.ns.svc.<cluster domain>`, optionally with a scheme and port. Undefined for IP addresses
 * and names outside the cluster.
 * @public
 */
export function serviceOfAddress(
  address: string,
  defaultNamespace: string,
): { name: string; namespace: string } | undefined {
  let host = address
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  host = host.split('/')[0];
  if (host.startsWith('[')) return undefined; // IPv6 literal
  host = host.replace(/:\d+$/, '').replace(/\.$/, '');
  if (host === '' || /^\d+(\.\d+){3}$/.test(host) || host === 'localhost')
    return undefined;
  const parts = host.split('.');
  if (parts.length === 1)
    return { name: parts[0], namespace: defaultNamespace };
  if (parts.length === 2) return { name: parts[0], namespace: parts[1] };
  if (parts[2] === 'svc') return { name: parts[0], namespace: parts[1] };
  return undefined;
}
