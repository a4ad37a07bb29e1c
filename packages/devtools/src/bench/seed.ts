import { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { applyObjects } from '@daprise/local-control-plane';
import { KUBERNETES_ID_ANNOTATION } from '@daprise/plugin-daprise-common';
import {
  KubernetesManifest,
  renderService,
  ServiceInputDraft,
  sortForApply,
} from '@daprise/plugin-scaffolder-backend-module-daprise';

/** The benchmark's apps are spread over this many namespaces, `bench-0` … `bench-19`. */
export const NAMESPACE_COUNT = 20;
/** Every namespace has its own Cilium Gateway and the gateway's Dapr Shared (app-id `gateway`). */
export const GATEWAY_NAME = 'public';
export const GATEWAY_APP_ID = 'gateway';
/** The governance rule the fleet-page measurement filters by (every fifth app breaks it). */
export const FLEET_RULE = 'dapr-shared-mtls-disabled';
/** The field manager of the benchmark's applies. */
export const FIELD_MANAGER = 'daprise-bench';

export function appIdOf(k: number): string {
  return `svc-${String(k).padStart(5, '0')}`;
}

export function namespaceOf(k: number): string {
  return `bench-${k % NAMESPACE_COUNT}`;
}

const CONDITION_TIME = '2025-10-01T12:00:00Z';

function condition(type: string, reason: string, message: string) {
  return {
    type,
    status: 'True',
    reason,
    message,
    lastTransitionTime: CONDITION_TIME,
    observedGeneration: 1,
  };
}

/**
 * The scaffolder input of app number k: a Dapr Shared Deployment (even k) or DaemonSet (odd k),
 * two or three components, a route through its namespace's Gateway and the network policies.
 * A few variations make the governance rules find something: mTLS off for every fifth app,
 * an older daprd for every eleventh.
 */
export function serviceDraftFor(
  k: number,
  appId = appIdOf(k),
  namespace = namespaceOf(k),
): ServiceInputDraft {
  const deployment = k % 2 === 0;
  const components: NonNullable<ServiceInputDraft['components']> = [
    {
      name: `${appId}-state`,
      type: 'state.redis',
      metadata: [
        { name: 'redisHost', value: 'redis-master.data:6379' },
        {
          name: 'redisPassword',
          secretKeyRef: { name: 'redis', key: 'redis-password' },
        },
      ],
    },
    {
      name: `${appId}-pubsub`,
      type: 'pubsub.redis',
      metadata: [{ name: 'redisHost', value: 'redis-master.data:6379' }],
    },
  ];
  if (k % 2 === 1) {
    components.push({
      name: `${appId}-ticker`,
      type: 'bindings.cron',
      metadata: [{ name: 'schedule', value: '@every 1m' }],
    });
  }
  return {
    appId,
    namespace,
    owner: `group:default/team-${k % 50}`,
    system: `system-${k % 25}`,
    description: `Benchmark service ${k}`,
    appPort: 8080,
    image: `ghcr.io/acme/${appId}:1.${k % 10}.0`,
    daprShared: {
      strategy: deployment ? 'deployment' : 'daemonset',
      ...(deployment ? { replicas: 2 } : {}),
      daprdVersion: k % 11 === 5 ? '1.15.4' : '1.16.0',
      mtls: k % 5 !== 3,
    },
    components,
    gateway: {
      name: GATEWAY_NAME,
      namespace,
      gatewayAppId: GATEWAY_APP_ID,
      gatewayDaprNamespace: namespace,
      https: false,
    },
    hostnames: [`${appId}.bench.example.com`],
    pathPrefix: `/${appId}`,
    networkPolicy: true,
  };
}

/**
 * Makes a Service headless. The local control plane's service CIDR is a /24 (about 250
 * ClusterIPs), far fewer than the benchmark's Services; nothing in Daprise reads the ClusterIP.
 */
function headless(object: KubernetesManifest): KubernetesManifest {
  if (object.kind === 'Service') (object.spec as any).clusterIP = 'None';
  return object;
}

/** Puts the Kubernetes plugin's label on an object and on its pod template. */
function labelled(
  object: KubernetesManifest,
  appId: string,
): KubernetesManifest {
  headless(object);
  object.metadata.labels = {
    ...object.metadata.labels,
    [KUBERNETES_ID_ANNOTATION]: appId,
  };
  const template = (object.spec as any)?.template;
  if (template?.metadata) {
    template.metadata.labels = {
      ...template.metadata.labels,
      [KUBERNETES_ID_ANNOTATION]: appId,
    };
  }
  return object;
}

function routeStatus(namespace: string) {
  return {
    parents: [
      {
        parentRef: {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: GATEWAY_NAME,
          namespace,
        },
        controllerName: 'io.cilium/gateway-controller',
        conditions: [
          condition('Accepted', 'Accepted', 'Accepted HTTPRoute'),
          condition(
            'ResolvedRefs',
            'ResolvedRefs',
            'Service reference is valid',
          ),
        ],
      },
    ],
  };
}

/**
 * App k's Dapr Shared workload with mTLS switched on or off: the one-object change whose
 * visibility the change-visible steps time, against a real cluster and the simulated fleet.
 */
export function daprSharedWithMtls(k: number, mtls: boolean) {
  return appObjects(k, {
    edit: draft => {
      draft.daprShared = { ...draft.daprShared, mtls };
    },
  }).find(
    o =>
      o.kind !== 'ServiceAccount' &&
      o.kind !== 'Service' &&
      /-dapr-shared-chart$/.test(o.metadata?.name ?? ''),
  )!;
}

/**
 * Everything app number k consists of, in apply order, every object labelled with
 * `backstage.io/kubernetes-id: <app-id>`: what `renderService` renders (app Deployment and
 * Service, the Dapr Shared ServiceAccount, Service and workload, the components, the HTTPRoute
 * and three CiliumNetworkPolicies) plus, for every third app, a second HTTPRoute. Routes carry
 * the status Cilium would write, except for every thirteenth app (a governance finding).
 */
export function appObjects(
  k: number,
  options: {
    appId?: string;
    namespace?: string;
    edit?: (draft: ServiceInputDraft) => void;
  } = {},
): KubernetesObject[] {
  const appId = options.appId ?? appIdOf(k);
  const namespace = options.namespace ?? namespaceOf(k);
  const draft = serviceDraftFor(k, appId, namespace);
  options.edit?.(draft);
  const rendered = renderService(draft);
  const objects = rendered.manifests.map(m => labelled(m.object, appId));
  const route = objects.find(o => o.kind === 'HTTPRoute');
  if (route && k % 3 === 0) {
    const second = JSON.parse(JSON.stringify(route)) as KubernetesManifest;
    second.metadata.name = `${route.metadata.name}-v2`;
    const rule = (second.spec as any).rules[0];
    rule.matches[0].path.value = `/${appId}-v2`;
    objects.push(second);
  }
  const sorted = sortForApply(objects);
  if (k % 13 !== 7) {
    for (const object of sorted) {
      if (object.kind === 'HTTPRoute')
        (object as any).status = routeStatus(namespace);
    }
  }
  // The connection's KubeObject leaves managedFields' entries untyped; the client types them.
  return sorted as KubernetesObject[];
}

/** The objects every namespace needs first: the namespace, its Gateway and the gateway's Dapr Shared. */
export function namespaceObjects(index: number): KubernetesObject[] {
  const namespace = `bench-${index}`;
  const gatewayService = renderService({
    appId: GATEWAY_APP_ID,
    namespace,
    owner: 'group:default/platform',
    appPort: 8080,
    image: 'ghcr.io/acme/edge:2.0.0',
    daprShared: {
      strategy: 'deployment',
      replicas: 2,
      daprdVersion: '1.16.0',
      mtls: true,
    },
    networkPolicy: false,
  });
  const gateway = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: GATEWAY_NAME, namespace },
    spec: {
      gatewayClassName: 'cilium',
      listeners: [
        {
          name: 'http',
          protocol: 'HTTP',
          port: 80,
          hostname: '*.bench.example.com',
          allowedRoutes: { namespaces: { from: 'Same' } },
        },
      ],
    },
    status: {
      addresses: [{ type: 'IPAddress', value: `192.0.2.${10 + index}` }],
      conditions: [
        condition('Accepted', 'Accepted', 'Gateway successfully scheduled'),
        condition(
          'Programmed',
          'Programmed',
          'Gateway successfully reconciled',
        ),
      ],
      listeners: [
        {
          name: 'http',
          supportedKinds: [
            { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' },
          ],
          attachedRoutes: 0,
          conditions: [
            condition('Programmed', 'Programmed', 'Listener Programmed'),
            condition('Accepted', 'Accepted', 'Listener Accepted'),
            condition('ResolvedRefs', 'ResolvedRefs', 'Resolved Refs'),
          ],
        },
      ],
    },
  };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    ...sortForApply(
      gatewayService.manifests.map(m => headless(m.object) as KubernetesObject),
    ),
    gateway,
  ];
}

export const gatewayClass: KubernetesObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GatewayClass',
  metadata: { name: 'cilium' },
  spec: { controllerName: 'io.cilium/gateway-controller' },
  status: {
    conditions: [condition('Accepted', 'Accepted', 'Valid GatewayClass')],
  },
} as KubernetesObject;

/** Runs `work` for every item with at most `concurrency` at a time. */
export async function forEachLimit<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, worker),
  );
}

export interface SeedResult {
  apps: number;
  objects: number;
  requests: number;
  ms: number;
}

/**
 * Applies apps [from, to) with server-side apply, `concurrency` apps at a time (each app's
 * objects in order, so at most `concurrency` requests are in flight).
 */
export async function seedApps(
  kube: KubeConfig,
  from: number,
  to: number,
  options: { concurrency?: number; log?: (message: string) => void } = {},
): Promise<SeedResult> {
  const started = Date.now();
  const indexes = Array.from({ length: to - from }, (_, i) => from + i);
  let objects = 0;
  let requests = 0;
  let done = 0;
  let lastLog = Date.now();
  await forEachLimit(indexes, options.concurrency ?? 16, async k => {
    const app = appObjects(k);
    await applyObjects(kube, app, { fieldManager: FIELD_MANAGER });
    objects += app.length;
    requests +=
      app.length + app.filter(o => (o as any).status !== undefined).length;
    done += 1;
    if (options.log && Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      const rate = Math.round((objects * 1000) / (Date.now() - started));
      options.log(
        `bench: seeded ${done}/${indexes.length} apps (${objects} objects, ${rate} objects/s)`,
      );
    }
  });
  return { apps: indexes.length, objects, requests, ms: Date.now() - started };
}

/** The Dapr control plane's `daprsystem` Configuration, which turns mTLS on cluster-wide. */
export const daprSystem: KubernetesObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dapr-system' } },
  {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Configuration',
    metadata: { name: 'daprsystem', namespace: 'dapr-system' },
    spec: {
      mtls: {
        enabled: true,
        workloadCertTTL: '24h',
        allowedClockSkew: '15m',
        controlPlaneTrustDomain: 'cluster.local',
        sentryAddress: 'dapr-sentry.dapr-system.svc.cluster.local:443',
      },
    },
  } as KubernetesObject,
];

/** The Dapr control plane's Configuration, the GatewayClass and each namespace's Gateway and gateway Dapr Shared. */
export async function seedNamespaces(kube: KubeConfig): Promise<number> {
  await applyObjects(kube, [...daprSystem, gatewayClass], {
    fieldManager: FIELD_MANAGER,
  });
  let objects = daprSystem.length + 1;
  await forEachLimit(
    Array.from({ length: NAMESPACE_COUNT }, (_, i) => i),
    8,
    async index => {
      const list = namespaceObjects(index);
      await applyObjects(kube, list, { fieldManager: FIELD_MANAGER });
      objects += list.length;
    },
  );
  return objects;
}
