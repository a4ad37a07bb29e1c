import {
  clusterSnapshot,
  configuration,
  workload,
} from '../__testUtils__/fixtures';
import { groupClusterSnapshot } from './snapshot';

const controlPlane = (namespace: string, version = '1.18.3') => [
  workload({
    name: 'dapr-operator',
    namespace,
    labels: { app: 'dapr-operator' },
    containers: [
      { name: 'dapr-operator', image: `daprio/operator:${version}` },
    ],
  }),
  workload({
    name: 'dapr-scheduler-server',
    kind: 'StatefulSet',
    namespace,
    desired: 3,
    ready: 2,
    containers: [
      { name: 'dapr-scheduler-server', image: `daprio/scheduler:${version}` },
    ],
  }),
];

describe('the Dapr control plane of a cluster', () => {
  it('finds its services in whatever namespace they run, with version and readiness', () => {
    const grouped = groupClusterSnapshot(
      clusterSnapshot('prod', [
        ...controlPlane('platform-dapr'),
        configuration({
          name: 'daprsystem',
          namespace: 'dapr-system',
          mtls: false,
        }),
        configuration({
          name: 'daprsystem',
          namespace: 'platform-dapr',
          mtls: true,
        }),
      ]),
    );
    expect(grouped.controlPlane).toMatchObject({
      namespaces: ['platform-dapr'],
      services: [
        { name: 'operator', version: '1.18.3', desired: 1, ready: 1 },
        { name: 'scheduler', version: '1.18.3', desired: 3, ready: 2 },
      ],
      // The daprsystem of the control plane's own namespace is the one Dapr reads.
      mtls: { enabled: true, source: 'daprsystem' },
      daprsystem: { namespace: 'platform-dapr', name: 'daprsystem' },
    });
    expect(grouped.controlPlaneVersion).toBe('1.18.3');
  });

  it('takes Dapr’s default, mTLS on, when there is no daprsystem', () => {
    const grouped = groupClusterSnapshot(
      clusterSnapshot('prod', controlPlane('dapr-system')),
    );
    expect(grouped.controlPlane.mtls).toEqual({
      enabled: true,
      source: 'default',
    });
    expect(grouped.controlPlane.daprsystem).toBeUndefined();
  });
});
