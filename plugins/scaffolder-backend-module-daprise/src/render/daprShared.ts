import {
  DAPR_APP_ID_ANNOTATION,
  daprServiceName,
} from '@daprise/plugin-daprise-common';
import type { ServiceInput } from '../validation';
import {
  daprSharedFullname,
  daprSharedLabels,
  daprSharedPodLabels,
  daprSharedSelectorLabels,
  serviceHost,
} from './labels';
import type { KubernetesManifest } from './types';

/**
 * daprd's ports, as the chart's Service exposes them.
 * @public
 */
export const DAPRD_PORTS = {
  http: 3500,
  grpc: 50001,
  internalGrpc: 50002,
  publicHttp: 3501,
  metrics: 9090,
} as const;

/** The chart's defaults for the Dapr control plane (values.yaml `shared.controlPlane`, `shared.scheduler`). */
const CONTROL_PLANE = {
  namespace: 'dapr-system',
  trustDomain: 'cluster.local',
  operator: 'dapr-api.dapr-system.svc.cluster.local:80',
  placement: 'dapr-placement-server.dapr-system.svc.cluster.local:50005',
  sentry: 'dapr-sentry.dapr-system.svc.cluster.local:80',
  scheduler:
    'dapr-scheduler-server-0.dapr-scheduler-server.dapr-system.svc.cluster.local:50006',
  sentryAudience: 'spiffe://cluster.local/ns/dapr-system/dapr-sentry',
};

/**
 * daprd's command line as the chart builds it from values (`_daemondeployshared.yaml`).
 * `--config` is left out when no Configuration is chosen (the chart passes `--config=`, which
 * daprd reads as none).
 */
function daprdArgs(input: ServiceInput): string[] {
  const args = [
    '/daprd',
    '--mode=kubernetes',
    '--log-level=info',
    '--log-as-json=true',
    `--dapr-http-port=${DAPRD_PORTS.http}`,
    `--dapr-grpc-port=${DAPRD_PORTS.grpc}`,
    `--dapr-internal-grpc-port=${DAPRD_PORTS.internalGrpc}`,
    '--dapr-listen-addresses=0.0.0.0',
    `--dapr-public-port=${DAPRD_PORTS.publicHttp}`,
    '--dapr-graceful-shutdown-seconds=-1',
    `--app-id=${input.appId}`,
    `--app-port=${input.appPort}`,
    `--app-protocol=${input.appProtocol}`,
    `--control-plane-address=${CONTROL_PLANE.operator}`,
    `--placement-host-address=${CONTROL_PLANE.placement}`,
    `--sentry-address=${CONTROL_PLANE.sentry}`,
    '--enable-metrics=true',
    `--metrics-port=${DAPRD_PORTS.metrics}`,
    `--enable-mtls=${input.daprShared.mtls}`,
    '--enable-api-logging=true',
    `--app-channel-address=${serviceHost(input.appId, input.namespace)}`,
  ];
  if (input.daprShared.configName)
    args.push(`--config=${input.daprShared.configName}`);
  return args;
}

/**
 * The Dapr Shared objects for an app, equivalent to what the dapr-shared chart renders for a
 * release named `<appId>` with the values of `renderDaprSharedValues`, except for what Daprise
 * deliberately leaves out:
 *
 * - the init container and the `<release>-shared-cm` ConfigMap it writes: it copies the Sentry
 *   issuer private key (`dapr-cert-key`) into a ConfigMap, readable by anyone who can read
 *   ConfigMaps in the namespace, and needs cluster-wide RBAC to do so. daprd only needs the
 *   public trust anchors, which come from a ConfigMap holding the Dapr root certificate
 *   (`input.daprShared.trustAnchorsConfigMap`, key `ca.crt`).
 * - the chart's Secret holding the Dapr API token: a template must not put secret values into a
 *   repository. `DAPR_API_TOKEN` still references it, as optional, so a team can create it.
 * - the ClusterRoles that let the Dapr Shared service account read every Secret and write
 *   ConfigMaps cluster-wide (only the init container needed them). When the app asks for a
 *   Kubernetes secret store, a Role limited to the namespace's Secrets is rendered instead.
 *
 * And adds what the chart lacks: a restrictive container security context (as the Dapr
 * injector gives sidecars) and Daprise's labels.
 * @public
 */
export function renderDaprShared(input: ServiceInput): KubernetesManifest[] {
  const { appId, namespace } = input;
  const fullname = daprSharedFullname(appId);
  const labels = daprSharedLabels(appId);
  const isDeployment = input.daprShared.strategy === 'deployment';
  const objects: KubernetesManifest[] = [];

  objects.push({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: fullname, namespace, labels },
  });

  const stores = input.components.filter(
    c => c.type === 'secretstores.kubernetes',
  );
  if (stores.length > 0) {
    // Only the named Secrets when every store names them: RBAC cannot limit a list by name.
    const named = stores.every(s => s.readableSecrets !== undefined)
      ? [...new Set(stores.flatMap(s => s.readableSecrets ?? []))].sort()
      : undefined;
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: `${fullname}-secret-reader`, namespace, labels },
      rules: [
        named
          ? {
              apiGroups: [''],
              resources: ['secrets'],
              resourceNames: named,
              verbs: ['get'],
            }
          : { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
      ],
    });
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `${fullname}-secret-reader`, namespace, labels },
      subjects: [{ kind: 'ServiceAccount', name: fullname, namespace }],
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: `${fullname}-secret-reader`,
      },
    });
  }

  objects.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: daprServiceName(appId), namespace, labels },
    spec: {
      type: 'ClusterIP',
      ports: [
        {
          name: 'dapr-http',
          port: DAPRD_PORTS.http,
          protocol: 'TCP',
          targetPort: DAPRD_PORTS.http,
        },
        {
          name: 'dapr-grpc',
          port: DAPRD_PORTS.grpc,
          protocol: 'TCP',
          targetPort: DAPRD_PORTS.grpc,
        },
        {
          name: 'dapr-internal',
          port: DAPRD_PORTS.internalGrpc,
          protocol: 'TCP',
          targetPort: DAPRD_PORTS.internalGrpc,
        },
        {
          name: 'dapr-metrics',
          port: DAPRD_PORTS.metrics,
          protocol: 'TCP',
          targetPort: DAPRD_PORTS.metrics,
        },
      ],
      selector: daprSharedSelectorLabels(appId),
    },
  });

  const daprd = {
    name: 'daprd',
    image: `docker.io/daprio/daprd:${input.daprShared.daprdVersion}`,
    // The tag is a pinned version, so pulling once is enough (the chart's `Always` makes every
    // restart depend on the registry).
    imagePullPolicy: 'IfNotPresent',
    args: daprdArgs(input),
    env: [
      {
        name: 'DAPR_TRUST_ANCHORS',
        valueFrom: {
          configMapKeyRef: {
            name: input.daprShared.trustAnchorsConfigMap,
            key: 'ca.crt',
          },
        },
      },
      { name: 'DAPR_CONTROLPLANE_NAMESPACE', value: CONTROL_PLANE.namespace },
      { name: 'DAPR_SCHEDULER_HOST_ADDRESS', value: CONTROL_PLANE.scheduler },
      {
        name: 'DAPR_API_TOKEN',
        valueFrom: {
          secretKeyRef: {
            name: fullname,
            key: 'dapr-api-token',
            optional: true,
          },
        },
      },
      {
        name: 'DAPR_CONTROLPLANE_TRUST_DOMAIN',
        value: CONTROL_PLANE.trustDomain,
      },
      {
        name: 'NAMESPACE',
        valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
      },
      {
        name: 'POD_NAME',
        valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
      },
    ],
    ports: [
      { name: 'http', containerPort: DAPRD_PORTS.http, protocol: 'TCP' },
      { name: 'grpc', containerPort: DAPRD_PORTS.grpc, protocol: 'TCP' },
      {
        name: 'internal-grpc',
        containerPort: DAPRD_PORTS.internalGrpc,
        protocol: 'TCP',
      },
      {
        name: 'public-http',
        containerPort: DAPRD_PORTS.publicHttp,
        protocol: 'TCP',
      },
      { name: 'metrics', containerPort: DAPRD_PORTS.metrics, protocol: 'TCP' },
    ],
    livenessProbe: { httpGet: { path: '/v1.0/healthz', port: 'public-http' } },
    readinessProbe: { httpGet: { path: '/v1.0/healthz', port: 'public-http' } },
    securityContext: {
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: [
      {
        mountPath: '/var/run/secrets/dapr.io/sentrytoken',
        name: 'dapr-identity-token',
        readOnly: true,
      },
    ],
  };

  const podTemplate = {
    metadata: {
      annotations: { [DAPR_APP_ID_ANNOTATION]: appId },
      labels: daprSharedPodLabels(appId),
    },
    spec: {
      volumes: [
        {
          name: 'dapr-identity-token',
          projected: {
            defaultMode: 420,
            sources: [
              {
                serviceAccountToken: {
                  audience: CONTROL_PLANE.sentryAudience,
                  expirationSeconds: 7200,
                  path: 'token',
                },
              },
            ],
          },
        },
      ],
      serviceAccountName: fullname,
      containers: [daprd],
      // The chart's default tolerations, so a DaemonSet also runs on control-plane nodes.
      tolerations: [
        {
          key: 'node-role.kubernetes.io/control-plane',
          operator: 'Exists',
          effect: 'NoSchedule',
        },
        {
          key: 'node-role.kubernetes.io/master',
          operator: 'Exists',
          effect: 'NoSchedule',
        },
      ],
    },
  };

  objects.push({
    apiVersion: 'apps/v1',
    kind: isDeployment ? 'Deployment' : 'DaemonSet',
    metadata: { name: fullname, namespace, labels },
    spec: {
      selector: { matchLabels: daprSharedSelectorLabels(appId) },
      ...(isDeployment ? { replicas: input.daprShared.replicas ?? 1 } : {}),
      template: podTemplate,
    },
  });
  return objects;
}

/**
 * Values for the dapr-shared chart that yield the same Dapr Shared instance as
 * `renderDaprShared` (release name: the app-id). The chart then also renders its init container,
 * Secret and ClusterRoles; see `renderDaprShared` for why Daprise's own manifests do not.
 * @public
 */
export function renderDaprSharedValues(
  input: ServiceInput,
): Record<string, unknown> {
  const daprd: Record<string, unknown> = {
    image: { tag: input.daprShared.daprdVersion },
    mtls: { enabled: input.daprShared.mtls },
    app: { protocol: input.appProtocol },
  };
  if (input.daprShared.configName) daprd.config = input.daprShared.configName;
  const shared: Record<string, unknown> = {
    appId: input.appId,
    strategy: input.daprShared.strategy,
    remoteURL: serviceHost(input.appId, input.namespace),
    remotePort: input.appPort,
  };
  if (input.daprShared.strategy === 'deployment')
    shared.deployment = { replicas: input.daprShared.replicas ?? 1 };
  shared.daprd = daprd;
  return { shared };
}
