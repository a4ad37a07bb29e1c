import { DEFAULT_DAPRD_VERSION } from '@daprise/plugin-daprise-common';

/** The component sets the template's shapes are tested with. */
export type ComponentSet = 'none' | 'state' | 'full';

const STATE_STORE = {
  name: 'statestore',
  type: 'state.redis',
  metadata: [
    { name: 'redisHost', value: 'redis-master.shop.svc:6379' },
    {
      name: 'redisPassword',
      secretKeyRef: { name: 'redis', key: 'redis-password' },
    },
  ],
};

export const COMPONENT_SETS: Record<ComponentSet, object[]> = {
  none: [],
  state: [STATE_STORE],
  full: [
    STATE_STORE,
    {
      name: 'events',
      type: 'pubsub.kafka',
      metadata: [
        { name: 'brokers', value: 'kafka.infra.svc:9092' },
        { name: 'authType', value: 'password' },
        { name: 'saslUsername', value: 'payments' },
        {
          name: 'saslPassword',
          secretKeyRef: { name: 'kafka', key: 'password' },
        },
      ],
    },
    {
      name: 'ticker',
      type: 'bindings.cron',
      metadata: [{ name: 'schedule', value: '@every 1m' }],
    },
    { name: 'secrets', type: 'secretstores.kubernetes', metadata: [] },
  ],
};

export interface Shape {
  strategy: 'daemonset' | 'deployment';
  components: ComponentSet;
  networkPolicy: boolean;
  /** How daprd calls the app (default http): a gRPC app gets a GRPCRoute. */
  appProtocol?: 'http' | 'grpc';
}

/**
 * Every combination the template can produce: strategy x components x network policies for an
 * HTTP app, and a gRPC app (whose route and gateway policy differ) with and without policies.
 */
export const SHAPES: Shape[] = [
  ...(['daemonset', 'deployment'] as const).flatMap(strategy =>
    (['none', 'state', 'full'] as const).flatMap(components =>
      [true, false].map(networkPolicy => ({
        strategy,
        components,
        networkPolicy,
      })),
    ),
  ),
  ...[true, false].map(networkPolicy => ({
    strategy: 'deployment' as const,
    components: 'state' as const,
    networkPolicy,
    appProtocol: 'grpc' as const,
  })),
];

export function shapeName(shape: Shape): string {
  return `${shape.strategy}-${shape.components}-${
    shape.networkPolicy ? 'netpol' : 'no-netpol'
  }${shape.appProtocol === 'grpc' ? '-grpc' : ''}`;
}

/**
 * The render action's input for a shape, as the template would pass it: the example topology's
 * Gateway infra/public and gateway app-id, unless the test moves the gateway's Dapr namespace
 * into a namespace of its own.
 */
export function serviceInput(
  shape: Shape,
  options: {
    appId?: string;
    namespace?: string;
    gatewayDaprNamespace?: string;
  } = {},
): Record<string, any> {
  const appId = options.appId ?? 'payments';
  return {
    appId,
    namespace: options.namespace ?? 'shop',
    owner: 'group:default/team-shop',
    system: 'system:default/shop',
    description: 'Takes payments',
    appPort: 8080,
    appProtocol: shape.appProtocol ?? 'http',
    image: 'ghcr.io/acme/payments:1.0.0',
    daprShared: {
      strategy: shape.strategy,
      ...(shape.strategy === 'deployment' ? { replicas: 2 } : {}),
      daprdVersion: DEFAULT_DAPRD_VERSION,
      mtls: true,
    },
    components: structuredClone(COMPONENT_SETS[shape.components]),
    gateway: {
      name: 'public',
      namespace: 'infra',
      gatewayAppId: 'gateway',
      ...(options.gatewayDaprNamespace
        ? { gatewayDaprNamespace: options.gatewayDaprNamespace }
        : {}),
      https: false,
    },
    hostnames: [`${appId}.shop.example.com`],
    // The template passes what the form holds; a gRPC app's form leaves it empty.
    pathPrefix: shape.appProtocol === 'grpc' ? '' : `/${appId}`,
    networkPolicy: shape.networkPolicy,
  };
}

/**
 * Rule settings under which every shape renders: without network policies a service breaks
 * `dapr-shared-without-network-policy`, which a portal may disable.
 */
export const RULES_ALLOWING_NO_NETWORK_POLICY = {
  rules: { 'dapr-shared-without-network-policy': { enabled: false } },
};
