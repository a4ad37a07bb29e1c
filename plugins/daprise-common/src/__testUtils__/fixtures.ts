// Builders of raw Kubernetes objects (as the API server returns them) for tests. Tests feed them
// through the slim functions, so every model test also exercises slimming.
import { isKindName } from '../kinds';
import type { ClusterSnapshot, FleetSnapshot } from '../model/snapshotTypes';
import { slimObject } from '../slim';
import type { RawKubernetesObject, SlimObjectsByKind } from '../types';

type Labels = Record<string, string>;

export interface ChartOptions {
  appId: string;
  namespace?: string;
  release?: string;
  strategy?: 'daemonset' | 'deployment';
  version?: string;
  mtls?: boolean;
  remoteURL?: string;
  remotePort?: number;
  config?: string;
  desired?: number;
  ready?: number;
  extraLabels?: Labels;
  extraPodLabels?: Labels;
  serviceAccountName?: string;
}

/** A Dapr Shared workload as the dapr-shared chart renders it (with status). */
export function chartDaprShared(o: ChartOptions): RawKubernetesObject {
  const release = o.release ?? o.appId;
  const selector = {
    'app.kubernetes.io/name': 'dapr-shared-chart',
    'app.kubernetes.io/instance': release,
  };
  const deployment = o.strategy === 'deployment';
  const desired = o.desired ?? (deployment ? 1 : 3);
  const ready = o.ready ?? desired;
  return {
    apiVersion: 'apps/v1',
    kind: deployment ? 'Deployment' : 'DaemonSet',
    metadata: {
      name: `${release}-dapr-shared-chart`,
      namespace: o.namespace ?? 'demo',
      uid: `uid-${release}`,
      generation: 2,
      labels: {
        'helm.sh/chart': 'dapr-shared-chart-1.16.0',
        ...selector,
        'app.kubernetes.io/managed-by': 'Helm',
        ...o.extraLabels,
      },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration':
          '{"secret":"hunter2"}',
      },
    },
    spec: {
      selector: { matchLabels: selector },
      ...(deployment ? { replicas: desired } : {}),
      template: {
        metadata: {
          annotations: {
            'dapr.io/app-id': o.appId,
            'dapr.io/env': 'PASSWORD=hunter2',
          },
          labels: {
            'dapr.io/app-id': o.appId,
            ...selector,
            ...o.extraPodLabels,
          },
        },
        spec: {
          serviceAccountName:
            o.serviceAccountName ?? `${release}-dapr-shared-chart`,
          initContainers: [
            {
              name: 'shared-init-container',
              image: 'docker.io/daprio/dapr-shared:0.0.15',
              args: ['init'],
            },
          ],
          containers: [
            {
              name: 'daprd',
              image: `docker.io/daprio/daprd:${o.version ?? '1.16.0'}`,
              args: [
                '/daprd',
                '--mode=kubernetes',
                '--dapr-http-port=3500',
                `--app-id=${o.appId}`,
                `--app-port=${o.remotePort ?? 80}`,
                '--app-protocol=http',
                `--enable-mtls=${o.mtls ?? false}`,
                `--app-channel-address=${
                  o.remoteURL ??
                  `${o.appId}.${o.namespace ?? 'demo'}.svc.cluster.local`
                }`,
                `--config=${o.config ?? ''}`,
              ],
              env: [
                {
                  name: 'DAPR_API_TOKEN',
                  valueFrom: {
                    secretKeyRef: { name: 'x', key: 'dapr-api-token' },
                  },
                },
                { name: 'DAPR_CONTROLPLANE_NAMESPACE', value: 'dapr-system' },
              ],
              ports: [{ name: 'http', containerPort: 3500, protocol: 'TCP' }],
            },
          ],
        },
      },
    },
    status: deployment
      ? {
          observedGeneration: 2,
          replicas: desired,
          readyReplicas: ready,
          availableReplicas: ready,
          updatedReplicas: desired,
        }
      : {
          observedGeneration: 2,
          desiredNumberScheduled: desired,
          numberReady: ready,
          numberAvailable: ready,
          updatedNumberScheduled: desired,
        },
  };
}

export interface WorkloadOptions {
  kind?: 'Deployment' | 'DaemonSet' | 'StatefulSet';
  name: string;
  namespace?: string;
  labels?: Labels;
  podLabels?: Labels;
  podAnnotations?: Record<string, string>;
  containers?: Array<Record<string, unknown>>;
  desired?: number;
  ready?: number;
  serviceAccountName?: string;
}

export function workload(o: WorkloadOptions): RawKubernetesObject {
  const kind = o.kind ?? 'Deployment';
  const desired = o.desired ?? 1;
  const ready = o.ready ?? desired;
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: {
      name: o.name,
      namespace: o.namespace ?? 'demo',
      labels: o.labels ?? {},
    },
    spec: {
      ...(kind === 'DaemonSet' ? {} : { replicas: desired }),
      selector: { matchLabels: o.podLabels ?? { app: o.name } },
      template: {
        metadata: {
          labels: o.podLabels ?? { app: o.name },
          annotations: o.podAnnotations ?? {},
        },
        spec: {
          ...(o.serviceAccountName
            ? { serviceAccountName: o.serviceAccountName }
            : {}),
          containers: o.containers ?? [
            {
              name: o.name,
              image: `example/${o.name}:1.0.0`,
              ports: [{ containerPort: 8080 }],
            },
          ],
        },
      },
    },
    status:
      kind === 'DaemonSet'
        ? {
            desiredNumberScheduled: desired,
            numberReady: ready,
            numberAvailable: ready,
            updatedNumberScheduled: desired,
          }
        : {
            readyReplicas: ready,
            availableReplicas: ready,
            updatedReplicas: desired,
          },
  };
}

export function sidecarApp(o: {
  name: string;
  appId?: string;
  namespace?: string;
  port?: number;
  config?: string;
  podLabels?: Labels;
  ready?: number;
}): RawKubernetesObject {
  return workload({
    name: o.name,
    namespace: o.namespace,
    podLabels: o.podLabels ?? { app: o.name },
    ready: o.ready,
    podAnnotations: {
      'dapr.io/enabled': 'true',
      ...(o.appId ? { 'dapr.io/app-id': o.appId } : {}),
      ...(o.port ? { 'dapr.io/app-port': String(o.port) } : {}),
      ...(o.config ? { 'dapr.io/config': o.config } : {}),
    },
  });
}

export function service(o: {
  name: string;
  namespace?: string;
  selector?: Labels;
  ports?: Array<{ port: number; targetPort?: number | string; name?: string }>;
  labels?: Labels;
}): RawKubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: o.name,
      namespace: o.namespace ?? 'demo',
      labels: o.labels ?? {},
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.0.0.10',
      ...(o.selector ? { selector: o.selector } : {}),
      ports: (o.ports ?? [{ port: 80, targetPort: 8080 }]).map(p => ({
        protocol: 'TCP',
        ...p,
      })),
    },
  };
}

/** The `<appId>-dapr` Service of a chart release. */
export function daprService(
  appId: string,
  namespace = 'demo',
  release = appId,
): RawKubernetesObject {
  return service({
    name: `${appId}-dapr`,
    namespace,
    selector: {
      'app.kubernetes.io/name': 'dapr-shared-chart',
      'app.kubernetes.io/instance': release,
    },
    ports: [
      { name: 'dapr-http', port: 3500, targetPort: 3500 },
      { name: 'dapr-grpc', port: 50001, targetPort: 50001 },
      { name: 'dapr-internal', port: 50002, targetPort: 50002 },
      { name: 'dapr-metrics', port: 9090, targetPort: 9090 },
    ],
  });
}

export function component(o: {
  name: string;
  namespace?: string;
  type?: string;
  scopes?: string[];
  metadata?: Array<Record<string, unknown>>;
  secretStore?: string;
}): RawKubernetesObject {
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name: o.name, namespace: o.namespace ?? 'demo' },
    spec: {
      type: o.type ?? 'state.redis',
      version: 'v1',
      metadata: o.metadata ?? [{ name: 'redisHost', value: 'redis:6379' }],
    },
    ...(o.scopes ? { scopes: o.scopes } : {}),
    ...(o.secretStore ? { auth: { secretStore: o.secretStore } } : {}),
  };
}

export function configuration(o: {
  name: string;
  namespace?: string;
  mtls?: boolean;
}): RawKubernetesObject {
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Configuration',
    metadata: { name: o.name, namespace: o.namespace ?? 'demo' },
    spec: {
      ...(o.mtls !== undefined
        ? {
            mtls: {
              enabled: o.mtls,
              sentryAddress: 'dapr-sentry.dapr-system.svc.cluster.local:443',
              controlPlaneTrustDomain: 'cluster.local',
            },
          }
        : {}),
      tracing: {
        samplingRate: '1',
        zipkin: { endpointAddress: 'http://zipkin:9411' },
      },
    },
  };
}

export function gatewayClass(
  name = 'cilium',
  controllerName = 'io.cilium/gateway-controller',
  accepted = 'True',
): RawKubernetesObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name },
    spec: { controllerName },
    status: {
      conditions: [
        {
          type: 'Accepted',
          status: accepted,
          reason: 'Accepted',
          message: '',
          lastTransitionTime: '2025-01-01T00:00:00Z',
        },
      ],
    },
  };
}

export function gateway(o: {
  name?: string;
  namespace?: string;
  className?: string;
  from?: 'All' | 'Same' | 'Selector';
  programmed?: 'True' | 'False' | 'Unknown' | null;
  hostname?: string;
}): RawKubernetesObject {
  const programmed = o.programmed === undefined ? 'True' : o.programmed;
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: {
      name: o.name ?? 'cluster-gateway',
      namespace: o.namespace ?? 'demo',
    },
    spec: {
      gatewayClassName: o.className ?? 'cilium',
      listeners: [
        {
          name: 'http',
          protocol: 'HTTP',
          port: 80,
          ...(o.hostname ? { hostname: o.hostname } : {}),
          ...(o.from
            ? { allowedRoutes: { namespaces: { from: o.from } } }
            : {}),
        },
      ],
    },
    status: {
      addresses: [{ type: 'IPAddress', value: '172.18.0.200' }],
      conditions:
        programmed === null
          ? []
          : [
              {
                type: 'Accepted',
                status: 'True',
                reason: 'Accepted',
                message: '',
                lastTransitionTime: '2025-01-01T00:00:00Z',
              },
              {
                type: 'Programmed',
                status: programmed,
                reason: 'Programmed',
                message: '',
                lastTransitionTime: '2025-01-01T00:00:00Z',
              },
            ],
      listeners: [
        {
          name: 'http',
          attachedRoutes: 1,
          supportedKinds: [{ kind: 'HTTPRoute' }],
          conditions: [],
        },
      ],
    },
  };
}

export interface RouteOptions {
  name: string;
  namespace?: string;
  parentRefs?: Array<Record<string, unknown>>;
  hostnames?: string[];
  rules: Array<Record<string, unknown>>;
  /** Per parent: conditions to report; `undefined` reports Accepted+ResolvedRefs True for each parentRef. */
  parentStatus?: Array<{
    parentRef: Record<string, unknown>;
    conditions: Array<{ type: string; status: string; reason?: string }>;
  }> | null;
}

export function httpRoute(o: RouteOptions): RawKubernetesObject {
  const parentRefs = o.parentRefs ?? [{ name: 'cluster-gateway' }];
  const parents =
    o.parentStatus === null
      ? undefined
      : (
          o.parentStatus ??
          parentRefs.map(parentRef => ({
            parentRef,
            conditions: [
              { type: 'Accepted', status: 'True', reason: 'Accepted' },
              { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs' },
            ],
          }))
        ).map(p => ({
          parentRef: {
            group: 'gateway.networking.k8s.io',
            kind: 'Gateway',
            ...p.parentRef,
          },
          controllerName: 'io.cilium/gateway-controller',
          conditions: p.conditions.map(c => ({
            message: '',
            lastTransitionTime: '2025-01-01T00:00:00Z',
            reason: c.reason ?? c.type,
            ...c,
          })),
        }));
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: o.name, namespace: o.namespace ?? 'demo' },
    spec: {
      parentRefs,
      ...(o.hostnames ? { hostnames: o.hostnames } : {}),
      rules: o.rules,
    },
    ...(parents ? { status: { parents } } : {}),
  };
}

/** A rule: `PathPrefix prefix` rewritten to `/v1.0/invoke/<target>/method`, to `<via>-dapr:3500`. */
export function invokeRule(
  prefix: string,
  target: string,
  via: string,
  backendNamespace?: string,
): Record<string, unknown> {
  return {
    matches: [{ path: { type: 'PathPrefix', value: prefix } }],
    filters: [
      {
        type: 'URLRewrite',
        urlRewrite: {
          path: {
            type: 'ReplacePrefixMatch',
            replacePrefixMatch: `/v1.0/invoke/${target}/method`,
          },
        },
      },
    ],
    backendRefs: [
      {
        name: `${via}-dapr`,
        port: 3500,
        ...(backendNamespace ? { namespace: backendNamespace } : {}),
      },
    ],
  };
}

export function namespaceObject(
  name: string,
  labels: Labels = {},
): RawKubernetesObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function referenceGrant(o: {
  name?: string;
  namespace: string;
  fromNamespace: string;
  toName?: string;
  fromKind?: string;
}): RawKubernetesObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: o.name ?? 'allow-routes', namespace: o.namespace },
    spec: {
      from: [
        {
          group: 'gateway.networking.k8s.io',
          kind: o.fromKind ?? 'HTTPRoute',
          namespace: o.fromNamespace,
        },
      ],
      to: [
        { group: '', kind: 'Service', ...(o.toName ? { name: o.toName } : {}) },
      ],
    },
  };
}

export function cnp(o: {
  name: string;
  namespace?: string;
  endpointSelector?: Record<string, unknown>;
  ingress?: unknown[];
  egress?: unknown[];
  clusterwide?: boolean;
}): RawKubernetesObject {
  return {
    apiVersion: 'cilium.io/v2',
    kind: o.clusterwide
      ? 'CiliumClusterwideNetworkPolicy'
      : 'CiliumNetworkPolicy',
    metadata: {
      name: o.name,
      ...(o.clusterwide ? {} : { namespace: o.namespace ?? 'demo' }),
    },
    spec: {
      endpointSelector: o.endpointSelector ?? {},
      ...(o.ingress ? { ingress: o.ingress } : {}),
      ...(o.egress ? { egress: o.egress } : {}),
    },
  };
}

/** Slims raw objects into a cluster snapshot. */
export function clusterSnapshot(
  name: string,
  raws: RawKubernetesObject[],
  extra?: Partial<ClusterSnapshot>,
): ClusterSnapshot {
  const objects: Record<string, unknown[]> = {};
  for (const raw of raws) {
    if (!isKindName(raw.kind))
      throw new Error(`not a watched kind: ${raw.kind}`);
    (objects[raw.kind] ??= []).push(slimObject(raw.kind, raw));
  }
  return { name, objects: objects as SlimObjectsByKind, ...extra };
}

export function fleet(...clusters: ClusterSnapshot[]): FleetSnapshot {
  return { clusters, observedAt: '2025-06-01T12:00:00Z' };
}
