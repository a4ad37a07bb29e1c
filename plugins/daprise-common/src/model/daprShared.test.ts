import {
  chartDaprShared,
  daprService,
  sidecarApp,
  workload,
} from '../__testUtils__/fixtures';
import { isTruthy, slimService, slimWorkload } from '../slim';
import type { SlimService } from '../types';
import {
  appIdOfDaprService,
  daprServiceName,
  detectDaprShared,
  detectSidecarApp,
  serviceOfAddress,
} from './daprShared';

const services = new Map<string, SlimService>([
  ['orders-dapr', slimService(daprService('orders'))],
]);

describe('detectDaprShared', () => {
  it('finds a chart-made DaemonSet with everything parsed from daprd args', () => {
    const instance = detectDaprShared(
      'prod',
      slimWorkload(
        'DaemonSet',
        chartDaprShared({
          appId: 'orders',
          mtls: true,
          version: '1.16.0',
          remotePort: 8080,
          remoteURL: 'orders.demo.svc.cluster.local',
          config: 'tracing',
          desired: 3,
          ready: 2,
        }),
      ),
      services,
    );
    expect(instance).toEqual({
      ref: {
        cluster: 'prod',
        kind: 'DaemonSet',
        namespace: 'demo',
        name: 'orders-dapr-shared-chart',
      },
      appId: 'orders',
      namespace: 'demo',
      strategy: 'daemonset',
      madeBy: 'helm',
      desired: 3,
      ready: 2,
      daprdImage: 'docker.io/daprio/daprd:1.16.0',
      daprdVersion: '1.16.0',
      appChannelAddress: 'orders.demo.svc.cluster.local',
      appPort: 8080,
      appProtocol: 'http',
      mtls: true,
      config: 'tracing',
      service: {
        cluster: 'prod',
        kind: 'Service',
        namespace: 'demo',
        name: 'orders-dapr',
      },
      podLabels: {
        'dapr.io/app-id': 'orders',
        'app.kubernetes.io/name': 'dapr-shared-chart',
        'app.kubernetes.io/instance': 'orders',
      },
      serviceAccountName: 'orders-dapr-shared-chart',
    });
  });

  it('finds a chart-made Deployment with mTLS off and no config (chart passes --config=)', () => {
    const instance = detectDaprShared(
      'prod',
      slimWorkload(
        'Deployment',
        chartDaprShared({ appId: 'cart', strategy: 'deployment', desired: 2 }),
      ),
    );
    expect(instance).toMatchObject({
      strategy: 'deployment',
      madeBy: 'helm',
      mtls: false,
      desired: 2,
      ready: 2,
    });
    expect(instance?.config).toBeUndefined();
    expect(instance?.service).toBeUndefined();
  });

  it('recognises a Daprise-made instance by its label, even when it also carries the chart labels', () => {
    const raw = chartDaprShared({
      appId: 'orders',
      extraLabels: { 'daprise.io/dapr-shared': 'true' },
    });
    expect(detectDaprShared('c', slimWorkload('DaemonSet', raw))?.madeBy).toBe(
      'daprise',
    );
    const podLabelled = workload({
      name: 'x',
      podLabels: { 'daprise.io/dapr-shared': 'true', 'dapr.io/app-id': 'x' },
      containers: [
        {
          name: 'daprd',
          image: 'daprio/daprd:1.15.7',
          args: ['--app-id', 'x'],
        },
      ],
    });
    expect(
      detectDaprShared('c', slimWorkload('Deployment', podLabelled)),
    ).toMatchObject({ madeBy: 'daprise', appId: 'x', daprdVersion: '1.15.7' });
  });

  it('recognises a manual instance: daprd with --app-id and no dapr.io/enabled', () => {
    const raw = workload({
      name: 'payments-daprd',
      containers: [
        {
          name: 'daprd',
          image: 'daprio/daprd:1.15.7',
          command: ['./daprd'],
          args: [
            '--app-id',
            'payments',
            '--enable-mtls',
            '--app-port',
            '9000',
            '--app-channel-address',
            'payments',
          ],
        },
      ],
    });
    expect(
      detectDaprShared('c', slimWorkload('Deployment', raw)),
    ).toMatchObject({
      appId: 'payments',
      madeBy: 'manual',
      strategy: 'deployment',
      mtls: true,
      appPort: 9000,
      appChannelAddress: 'payments',
    });
  });

  it('does not take injected sidecars, daprd without --app-id, other containers or StatefulSets', () => {
    const injected = workload({
      name: 'x',
      podAnnotations: { 'dapr.io/enabled': 'true' },
      containers: [
        { name: 'daprd', image: 'daprio/daprd:1.16.0', args: ['--app-id=x'] },
      ],
    });
    expect(
      detectDaprShared('c', slimWorkload('Deployment', injected)),
    ).toBeUndefined();
    const noAppId = workload({
      name: 'x',
      containers: [
        {
          name: 'daprd',
          image: 'daprio/daprd:1.16.0',
          args: ['--mode=kubernetes'],
        },
      ],
    });
    expect(
      detectDaprShared('c', slimWorkload('Deployment', noAppId)),
    ).toBeUndefined();
    expect(
      detectDaprShared(
        'c',
        slimWorkload('Deployment', workload({ name: 'web' })),
      ),
    ).toBeUndefined();
    const statefulSet = chartDaprShared({ appId: 'x', strategy: 'deployment' });
    expect(
      detectDaprShared('c', slimWorkload('StatefulSet', statefulSet)),
    ).toBeUndefined();
  });

  it('reports arguments daprd ignores', () => {
    const raw = workload({
      name: 'x',
      containers: [
        {
          name: 'daprd',
          image: 'daprio/daprd:1.16.0',
          args: ['--app-id=x', '--enable-mtls', 'false', '--app-port=80'],
        },
      ],
    });
    const instance = detectDaprShared(
      'c',
      slimWorkload('DaemonSet', { ...raw, kind: 'DaemonSet' }),
    );
    expect(instance).toMatchObject({
      mtls: true,
      ignoredArgs: ['false', '--app-port=80'],
    });
    expect(instance?.appPort).toBeUndefined();
  });

  it('falls back to the pod app-id label when daprd args lack it', () => {
    const raw = chartDaprShared({ appId: 'orders' });
    const spec = raw.spec as any;
    spec.template.spec.containers[0].args = ['/daprd', '--mode=kubernetes'];
    expect(detectDaprShared('c', slimWorkload('DaemonSet', raw))?.appId).toBe(
      'orders',
    );
  });
});

describe('detectSidecarApp', () => {
  it('reads the Dapr annotations', () => {
    const app = detectSidecarApp(
      'c',
      slimWorkload(
        'Deployment',
        sidecarApp({
          name: 'checkout',
          appId: 'checkout',
          port: 3000,
          config: 'appconfig',
        }),
      ),
    );
    expect(app).toEqual({
      ref: {
        cluster: 'c',
        kind: 'Deployment',
        namespace: 'demo',
        name: 'checkout',
      },
      appId: 'checkout',
      namespace: 'demo',
      desired: 1,
      ready: 1,
      appPort: 3000,
      config: 'appconfig',
      podLabels: {
        app: 'checkout',
        'dapr.io/app-id': 'checkout',
        'dapr.io/sidecar-injected': 'true',
      },
    });
  });

  it('accepts Dapr truthy values and falls back to the workload name', () => {
    const raw = workload({
      name: 'legacy',
      podAnnotations: {
        'dapr.io/enabled': 'YES',
        'dapr.io/sidecar-image': 'daprio/daprd:1.14.4',
      },
    });
    expect(
      detectSidecarApp('c', slimWorkload('Deployment', raw)),
    ).toMatchObject({ appId: 'legacy', daprdVersion: '1.14.4' });
  });

  it('ignores workloads without dapr.io/enabled', () => {
    expect(
      detectSidecarApp(
        'c',
        slimWorkload(
          'Deployment',
          workload({
            name: 'x',
            podAnnotations: {
              'dapr.io/enabled': 'false',
              'dapr.io/app-id': 'x',
            },
          }),
        ),
      ),
    ).toBeUndefined();
  });
});

describe('helpers', () => {
  it('isTruthy follows Dapr', () => {
    expect(['true', 'True', 'y', 'on', '1', ' yes '].every(isTruthy)).toBe(
      true,
    );
    expect(['false', '0', '', 'enabled'].some(isTruthy)).toBe(false);
    expect(isTruthy(undefined)).toBe(false);
  });

  it('names Dapr Services', () => {
    expect(daprServiceName('orders')).toBe('orders-dapr');
    expect(appIdOfDaprService('orders-dapr')).toBe('orders');
    expect(appIdOfDaprService('orders')).toBeUndefined();
    expect(appIdOfDaprService('-dapr')).toBeUndefined();
  });

  it.each([
    ['orders', { name: 'orders', namespace: 'demo' }],
    ['orders.shop', { name: 'orders', namespace: 'shop' }],
    ['orders.shop.svc', { name: 'orders', namespace: 'shop' }],
    ['orders.shop.svc.cluster.local', { name: 'orders', namespace: 'shop' }],
    [
      'http://orders.shop.svc.corp.internal:8080/',
      { name: 'orders', namespace: 'shop' },
    ],
    ['Orders.Shop.svc.cluster.local.', { name: 'orders', namespace: 'shop' }],
  ])('resolves app channel address %s', (address, expected) => {
    expect(serviceOfAddress(address, 'demo')).toEqual(expected);
  });

  it.each(['10.0.0.1', 'localhost', '[::1]', 'api.example.com.au', ''])(
    'does not resolve %s to a Service',
    address => {
      expect(serviceOfAddress(address, 'demo')).toBeUndefined();
    },
  );
});
