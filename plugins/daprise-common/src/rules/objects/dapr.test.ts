import {
  chartDaprShared,
  clusterSnapshot,
  component,
  configuration,
  daprService,
  fleet,
  service,
  sidecarApp,
  workload,
} from '../../__testUtils__/fixtures';
import { buildAppIndex } from '../../findings';
import type { FleetContext } from '../../model/appTypes';
import { groupClusterSnapshot } from '../../model/snapshot';
import type { ClusterSnapshot } from '../../model/snapshotTypes';
import type { RawKubernetesObject } from '../../types';
import type { Rule } from '../types';
import {
  componentMetadataDeprecatedRule,
  componentMetadataRequiredRule,
  componentTypeAlphaRule,
  componentTypeUnknownRule,
  configurationMissingRule,
  daprSharedAppChannelMissingRule,
  daprSharedServiceRule,
  daprSharedSingleReplicaRule,
  resiliencyTargetUnknownRule,
  scopesNameNoRunningAppRule,
  subscriptionPubsubOutOfScopeRule,
} from './dapr';

function check(
  rule: Rule,
  raws: RawKubernetesObject[],
  extra?: Partial<ClusterSnapshot>,
) {
  return rule.check!(
    groupClusterSnapshot(clusterSnapshot('prod', raws, extra)),
  );
}

/** orders runs as a Dapr Shared instance behind its Service, with its -dapr Service. */
function orders(): RawKubernetesObject[] {
  return [
    chartDaprShared({
      appId: 'orders',
      remoteURL: 'orders.demo.svc',
      remotePort: 80,
    }),
    daprService('orders'),
    workload({ name: 'orders', podLabels: { app: 'orders' } }),
    service({ name: 'orders', selector: { app: 'orders' } }),
  ];
}

function subscription(o: {
  name: string;
  pubsub: string;
  scopes?: string[];
}): RawKubernetesObject {
  return {
    apiVersion: 'dapr.io/v2alpha1',
    kind: 'Subscription',
    metadata: { name: o.name, namespace: 'demo' },
    spec: {
      pubsubname: o.pubsub,
      topic: 'orders',
      routes: { default: '/orders' },
    },
    ...(o.scopes ? { scopes: o.scopes } : {}),
  };
}

function resiliency(targets: Record<string, unknown>): RawKubernetesObject {
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Resiliency',
    metadata: { name: 'retries', namespace: 'demo' },
    spec: {
      policies: { retries: { three: { policy: 'constant', maxRetries: 3 } } },
      targets,
    },
  };
}

describe('scopes-name-no-running-app', () => {
  it('fires for an object scoped only to app-ids that run nowhere in its namespace', () => {
    expect(
      check(scopesNameNoRunningAppRule, [
        ...orders(),
        component({ name: 'typo', scopes: ['ordrs'] }),
        subscription({ name: 's', pubsub: 'p', scopes: ['gone'] }),
        component({
          name: 'elsewhere',
          namespace: 'other',
          scopes: ['orders'],
        }),
      ]).map(d => [d.object?.name, d.field, d.message]),
    ).toEqual([
      [
        'typo',
        'scopes',
        'Component demo/typo is scoped to ordrs, none of which runs in namespace demo',
      ],
      [
        'elsewhere',
        'scopes',
        'Component other/elsewhere is scoped to orders, none of which runs in namespace other',
      ],
      [
        's',
        'scopes',
        'Subscription demo/s is scoped to gone, none of which runs in namespace demo',
      ],
    ]);
  });

  it('judges MCPServers and WorkflowAccessPolicies too, by their top-level scopes', () => {
    const mcpServer = (
      name: string,
      scopes: string[],
    ): RawKubernetesObject => ({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'MCPServer',
      metadata: { name, namespace: 'demo' },
      spec: { endpoint: { streamableHTTP: { url: 'http://tools:8080/mcp' } } },
      scopes,
    });
    const workflowPolicy = (
      name: string,
      scopes: string[],
    ): RawKubernetesObject => ({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'WorkflowAccessPolicy',
      metadata: { name, namespace: 'demo' },
      spec: {
        rules: [
          {
            callers: [{ appID: 'checkout' }],
            workflows: [{ name: 'OrderWorkflow', operations: ['schedule'] }],
          },
        ],
      },
      scopes,
    });
    expect(
      check(scopesNameNoRunningAppRule, [
        ...orders(),
        mcpServer('tools', ['nobody']),
        mcpServer('used', ['orders']),
        workflowPolicy('stale', ['ordrs']),
        workflowPolicy('guarded', ['orders']),
      ]).map(d => [d.object?.kind, d.object?.name, d.message]),
    ).toEqual([
      [
        'MCPServer',
        'tools',
        'MCPServer demo/tools is scoped to nobody, none of which runs in namespace demo',
      ],
      [
        'WorkflowAccessPolicy',
        'stale',
        'WorkflowAccessPolicy demo/stale is scoped to ordrs, none of which runs in namespace demo',
      ],
    ]);
  });

  it('is silent for unscoped objects, one running app-id among others, and unread workloads', () => {
    const raws = [
      ...orders(),
      component({ name: 'all' }),
      component({ name: 'some', scopes: ['gone', 'orders'] }),
    ];
    expect(check(scopesNameNoRunningAppRule, raws)).toEqual([]);
    expect(
      check(
        scopesNameNoRunningAppRule,
        [component({ name: 'x', scopes: ['y'] })],
        {
          state: { kinds: { Deployment: { status: 'syncing' } } },
        },
      ),
    ).toEqual([]);
  });
});

describe('components-contrib checks', () => {
  it('component-type-unknown: unknown type, and known type at an unknown version', () => {
    const raws = [
      component({ name: 'a', type: 'state.nosuchstore' }),
      {
        ...component({ name: 'b' }),
        spec: { type: 'state.redis', version: 'v9', metadata: [] },
      },
      component({ name: 'ok' }),
    ];
    expect(check(componentTypeUnknownRule, raws)).toEqual([
      expect.objectContaining({
        message:
          'Component demo/a: type state.nosuchstore is unknown to components-contrib',
        field: 'spec.type',
      }),
      expect.objectContaining({
        message: 'Component demo/b: state.redis has no version v9 (known: v1)',
        field: 'spec.version',
      }),
    ]);
  });

  it('component-metadata-required: names each missing field', () => {
    expect(
      check(componentMetadataRequiredRule, [
        component({
          name: 'a',
          metadata: [{ name: 'redisPassword', value: 'x' }],
        }),
        component({ name: 'ok' }),
      ]),
    ).toEqual([
      expect.objectContaining({
        message:
          'Component demo/a (state.redis) does not set required metadata redisHost',
        field: 'spec.metadata[name=redisHost]',
      }),
    ]);
  });

  it('component-metadata-deprecated: names each deprecated field used', () => {
    const deprecated = (metadata: Array<Record<string, unknown>>) =>
      component({ name: 'cfg', type: 'configuration.postgresql', metadata });
    expect(
      check(componentMetadataDeprecatedRule, [
        deprecated([{ name: 'connMaxIdleTime', value: '5m' }]),
      ]),
    ).toEqual([
      expect.objectContaining({
        message:
          'Component demo/cfg (configuration.postgresql) uses deprecated metadata connMaxIdleTime',
        field: 'spec.metadata[name=connMaxIdleTime]',
      }),
    ]);
    expect(
      check(componentMetadataDeprecatedRule, [
        deprecated([{ name: 'connectionString', value: 'x' }]),
      ]),
    ).toEqual([]);
  });

  it('component-type-alpha: fires for alpha types only', () => {
    expect(
      check(componentTypeAlphaRule, [
        component({ name: 'push', type: 'bindings.apns' }),
        component({ name: 'ok' }),
      ]),
    ).toEqual([
      expect.objectContaining({
        message: 'Component demo/push: bindings.apns v1 is alpha',
        field: 'spec.type',
      }),
    ]);
  });
});

describe('subscription-pubsub-out-of-scope', () => {
  it("fires for a missing pubsub and for a pubsub not in an app's scope", () => {
    const drafts = check(subscriptionPubsubOutOfScopeRule, [
      ...orders(),
      component({ name: 'pubsub', type: 'pubsub.redis', scopes: ['billing'] }),
      subscription({ name: 'no-pubsub', pubsub: 'gone' }),
      subscription({
        name: 'out-of-scope',
        pubsub: 'pubsub',
        scopes: ['orders'],
      }),
    ]);
    expect(drafts).toEqual([
      expect.objectContaining({
        message:
          'Subscription demo/no-pubsub: pubsub Component gone does not exist in namespace demo',
        field: 'spec.pubsubname',
      }),
      expect.objectContaining({
        message:
          'Subscription demo/out-of-scope: pubsub Component pubsub is not in scope of app-id orders',
        appId: 'orders',
        relatedObjects: [
          expect.objectContaining({ kind: 'Component', name: 'pubsub' }),
        ],
      }),
    ]);
  });

  it('is silent when the pubsub is in scope of every app the Subscription applies to', () => {
    expect(
      check(subscriptionPubsubOutOfScopeRule, [
        ...orders(),
        component({ name: 'pubsub', type: 'pubsub.redis', scopes: ['orders'] }),
        subscription({ name: 'fine', pubsub: 'pubsub' }),
      ]),
    ).toEqual([]);
  });
});

describe('resiliency-target-unknown', () => {
  it('fires for target apps running nowhere and components missing from the namespace', () => {
    expect(
      check(resiliencyTargetUnknownRule, [
        ...orders(),
        component({ name: 'statestore' }),
        resiliency({
          apps: { orders: { retry: 'three' }, ordrs: { retry: 'three' } },
          components: {
            statestore: { outbound: { retry: 'three' } },
            gone: { outbound: { retry: 'three' } },
          },
        }),
      ]).map(d => [d.field, d.message]),
    ).toEqual([
      [
        'spec.targets.apps.ordrs',
        'Resiliency demo/retries targets app-id ordrs, which runs nowhere in the cluster',
      ],
      [
        'spec.targets.components.gone',
        'Resiliency demo/retries targets Component gone, which does not exist in namespace demo',
      ],
    ]);
  });

  it('is silent when every target exists', () => {
    expect(
      check(resiliencyTargetUnknownRule, [
        ...orders(),
        component({ name: 'statestore' }),
        resiliency({
          apps: { orders: { retry: 'three' } },
          components: { statestore: { outbound: { retry: 'three' } } },
        }),
      ]),
    ).toEqual([]);
  });
});

describe('configuration-missing', () => {
  const context: FleetContext = {
    source: 'cluster',
    daprdVersions: {},
    daprsystemMtls: {},
  };
  const viewOf = (raws: RawKubernetesObject[], key: string) =>
    buildAppIndex(fleet(clusterSnapshot('prod', raws))).apps.get(key)!;

  it('fires for a Dapr Shared instance and a sidecar app naming a missing Configuration', () => {
    const shared = viewOf(
      [
        chartDaprShared({ appId: 'orders', config: 'tracing' }),
        daprService('orders'),
      ],
      'prod/demo/orders',
    );
    expect(configurationMissingRule.evaluate!(shared, context)).toEqual([
      expect.objectContaining({
        message:
          'Dapr Shared demo/orders-dapr-shared-chart names Configuration tracing, which does not exist in namespace demo',
        field: 'spec.template.spec.containers[name=daprd].args[--config]',
      }),
    ]);
    const sidecar = viewOf(
      [sidecarApp({ name: 'cart', config: 'nope' })],
      'prod/demo/cart',
    );
    expect(configurationMissingRule.evaluate!(sidecar, context)).toEqual([
      expect.objectContaining({
        message:
          'Deployment demo/cart names Configuration nope, which does not exist in namespace demo',
        field: 'spec.template.metadata.annotations[dapr.io/config]',
      }),
    ]);
  });

  it('is silent when the Configuration exists', () => {
    const view = viewOf(
      [
        chartDaprShared({ appId: 'orders', config: 'tracing' }),
        configuration({ name: 'tracing' }),
      ],
      'prod/demo/orders',
    );
    expect(configurationMissingRule.evaluate!(view, context)).toEqual([]);
  });
});

describe('dapr-shared-app-channel-missing', () => {
  it('fires for a missing Service and for an app port the Service lacks', () => {
    expect(
      check(daprSharedAppChannelMissingRule, [
        chartDaprShared({
          appId: 'a',
          remoteURL: 'nothing.demo.svc.cluster.local',
        }),
        chartDaprShared({
          appId: 'b',
          remoteURL: 'orders.demo.svc',
          remotePort: 8080,
        }),
        service({ name: 'orders', selector: { app: 'orders' } }),
      ]).map(d => [d.appId, d.field, d.message]),
    ).toEqual([
      [
        'a',
        'spec.template.spec.containers[name=daprd].args[--app-channel-address]',
        'Dapr Shared demo/a-dapr-shared-chart: app channel address nothing.demo.svc.cluster.local names Service demo/nothing, which does not exist',
      ],
      [
        'b',
        'spec.template.spec.containers[name=daprd].args[--app-port]',
        'Dapr Shared demo/b-dapr-shared-chart: Service demo/orders has no port 8080 (--app-port)',
      ],
    ]);
  });

  it('is silent when the Service and port exist', () => {
    expect(check(daprSharedAppChannelMissingRule, orders())).toEqual([]);
  });
});

describe('dapr-shared-service-missing', () => {
  it('fires for a missing <app-id>-dapr Service and for one that selects other pods', () => {
    const wrong = {
      ...service({ name: 'b-dapr', selector: { app: 'something-else' } }),
    };
    expect(
      check(daprSharedServiceRule, [
        chartDaprShared({ appId: 'a' }),
        chartDaprShared({ appId: 'b' }),
        wrong,
      ]).map(d => [d.object?.kind, d.field, d.message]),
    ).toEqual([
      [
        'DaemonSet',
        undefined,
        'Dapr Shared demo/a-dapr-shared-chart: Service demo/a-dapr does not exist',
      ],
      [
        'Service',
        'spec.selector',
        'Dapr Shared demo/b-dapr-shared-chart: Service demo/b-dapr does not select its pods',
      ],
    ]);
  });

  it('is silent for the chart’s own Service', () => {
    expect(check(daprSharedServiceRule, orders())).toEqual([]);
  });
});

describe('dapr-shared-single-replica', () => {
  it('fires for a one-replica Deployment only', () => {
    expect(
      check(daprSharedSingleReplicaRule, [
        chartDaprShared({ appId: 'one', strategy: 'deployment', desired: 1 }),
        chartDaprShared({ appId: 'two', strategy: 'deployment', desired: 2 }),
        chartDaprShared({ appId: 'ds', strategy: 'daemonset', desired: 1 }),
      ]).map(d => [d.appId, d.message]),
    ).toEqual([
      [
        'one',
        'Dapr Shared Deployment demo/one-dapr-shared-chart runs a single replica',
      ],
    ]);
  });
});
