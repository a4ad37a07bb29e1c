import { chartDaprShared, service, workload } from '../__testUtils__/fixtures';
import { SECRET_MASK } from '../sensitive';
import { slimObject } from '.';
import {
  isDaprdContainer,
  maskSensitiveArgs,
  slimService,
  slimWorkload,
} from './workloads';

describe('slimWorkload', () => {
  it('keeps the fields the model reads from a chart-made DaemonSet', () => {
    const slim = slimWorkload(
      'DaemonSet',
      chartDaprShared({ appId: 'orders', desired: 3, ready: 2 }),
    );
    expect(slim).toMatchObject({
      kind: 'DaemonSet',
      name: 'orders-dapr-shared-chart',
      namespace: 'demo',
      uid: 'uid-orders',
      generation: 2,
      observedGeneration: 2,
      labels: {
        'app.kubernetes.io/name': 'dapr-shared-chart',
        'app.kubernetes.io/instance': 'orders',
      },
      podLabels: { 'dapr.io/app-id': 'orders' },
      podAnnotations: { 'dapr.io/app-id': 'orders' },
      serviceAccountName: 'orders-dapr-shared-chart',
      replicas: { desired: 3, ready: 2, available: 2, updated: 3 },
    });
    expect(slim.containers).toHaveLength(1);
    expect(slim.containers[0]).toMatchObject({
      name: 'daprd',
      image: 'docker.io/daprio/daprd:1.16.0',
      ports: [{ name: 'http', containerPort: 3500, protocol: 'TCP' }],
    });
    expect(slim.containers[0].args).toContain('--app-id=orders');
  });

  it('never keeps env, annotations outside the allow-list, or init containers', () => {
    const slim = slimWorkload(
      'DaemonSet',
      chartDaprShared({ appId: 'orders' }),
    );
    const json = JSON.stringify(slim);
    expect(json).not.toContain('hunter2');
    expect(json).not.toContain('DAPR_API_TOKEN');
    expect(json).not.toContain('last-applied-configuration');
    expect(json).not.toContain('shared-init-container');
    expect(slim.podAnnotations).not.toHaveProperty('dapr.io/env');
  });

  it('reads Deployment replica counts and defaults spec.replicas to 1', () => {
    const raw = workload({ name: 'web', desired: 4, ready: 1 });
    expect(slimWorkload('Deployment', raw).replicas).toEqual({
      desired: 4,
      ready: 1,
      available: 1,
      updated: 4,
    });
    delete (raw.spec as Record<string, unknown>).replicas;
    delete raw.status;
    expect(slimWorkload('Deployment', raw).replicas).toEqual({
      desired: 1,
      ready: 0,
      available: 0,
      updated: 0,
    });
  });

  it('keeps args only for daprd containers, command first', () => {
    const slim = slimWorkload(
      'Deployment',
      workload({
        name: 'x',
        containers: [
          { name: 'app', image: 'example/app:1', args: ['--password=hunter2'] },
          {
            name: 'sidekick',
            image: 'ghcr.io/dapr/daprd:1.16.0',
            command: ['./daprd'],
            args: ['--app-id', 'x'],
          },
        ],
      }),
    );
    expect(slim.containers[0].args).toBeUndefined();
    expect(slim.containers[1].args).toEqual(['./daprd', '--app-id', 'x']);
  });

  it('survives malformed objects', () => {
    const slim = slimWorkload('Deployment', {
      metadata: {
        name: 'odd',
        namespace: 'x',
        labels: { a: 1 as unknown as string },
      },
      spec: { template: { spec: { containers: 'nope' } } },
    });
    expect(slim).toMatchObject({
      name: 'odd',
      namespace: 'x',
      labels: {},
      containers: [],
      podLabels: {},
    });
  });
});

describe('maskSensitiveArgs', () => {
  it('masks = and pair forms of sensitive flags', () => {
    expect(
      maskSensitiveArgs([
        '--app-id=a',
        '--api-token=abc',
        '--client-secret',
        'xyz',
        '--app-port',
        '80',
      ]),
    ).toEqual([
      '--app-id=a',
      `--api-token=${SECRET_MASK}`,
      '--client-secret',
      SECRET_MASK,
      '--app-port',
      '80',
    ]);
  });
});

describe('isDaprdContainer', () => {
  it('recognises daprd by name or image', () => {
    expect(isDaprdContainer({ name: 'daprd' })).toBe(true);
    expect(
      isDaprdContainer({
        name: 'x',
        image: 'registry:5000/daprio/daprd:1.16.0',
      }),
    ).toBe(true);
    expect(
      isDaprdContainer({ name: 'x', image: 'daprio/dapr-shared:0.0.15' }),
    ).toBe(false);
    expect(isDaprdContainer({ name: 'x', image: 'acme/daprd-wrapper:1' })).toBe(
      false,
    );
  });
});

describe('slimService', () => {
  it('keeps type, selector and ports', () => {
    const slim = slimService(
      service({
        name: 'orders',
        selector: { app: 'orders' },
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      }),
    );
    expect(slim).toMatchObject({
      kind: 'Service',
      name: 'orders',
      namespace: 'demo',
      type: 'ClusterIP',
      selector: { app: 'orders' },
      clusterIP: '10.0.0.10',
    });
    expect(slim.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
    ]);
  });

  it('leaves the selector absent for selector-less Services', () => {
    expect(slimService(service({ name: 'external' })).selector).toBeUndefined();
  });
});

describe('slimObject', () => {
  it('dispatches by kind', () => {
    expect(
      slimObject('StatefulSet', workload({ name: 's', kind: 'StatefulSet' }))
        .kind,
    ).toBe('StatefulSet');
    expect(slimObject('Service', service({ name: 's' })).kind).toBe('Service');
  });
});

describe('slimNamespace', () => {
  it('keeps the name and labels only', () => {
    expect(
      slimObject('Namespace', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'shop',
          uid: 'u-1',
          resourceVersion: '42',
          labels: { 'kubernetes.io/metadata.name': 'shop', team: 'orders' },
          annotations: { note: 'not kept' },
        },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      }),
    ).toEqual({
      kind: 'Namespace',
      name: 'shop',
      labels: { 'kubernetes.io/metadata.name': 'shop', team: 'orders' },
    });
  });
});
