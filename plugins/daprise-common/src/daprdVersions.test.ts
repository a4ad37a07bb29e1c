import { DEFAULT_DAPRD_VERSION, daprdVersionChoices } from './daprdVersions';
import type { ClusterControlPlane } from './model/controlPlane';

function cluster(...versions: Array<string | undefined>) {
  const controlPlane: ClusterControlPlane = {
    services: versions.map((version, i) => ({
      name: 'operator',
      ref: {
        cluster: 'c',
        kind: 'Deployment',
        namespace: 'dapr-system',
        name: `op-${i}`,
      },
      namespace: 'dapr-system',
      ...(version ? { version } : {}),
      desired: 1,
      ready: 1,
    })),
    namespaces: ['dapr-system'],
    mtls: { enabled: true, source: 'default' },
  };
  return { controlPlane };
}

describe('daprdVersionChoices', () => {
  it("offers the versions the fleet's control planes run, each once, newest first", () => {
    expect(
      daprdVersionChoices([
        cluster('1.16.5', '1.16.5'),
        cluster('1.18.3', '1.17.2'),
        cluster('1.18.3-rc.1'),
        cluster('1.9.0'),
      ]),
    ).toEqual(['1.18.3', '1.18.3-rc.1', '1.17.2', '1.16.5', '1.9.0']);
  });

  it('leaves out tags that are no release', () => {
    expect(daprdVersionChoices([cluster('latest', '1.17.2')])).toEqual([
      '1.17.2',
    ]);
  });

  it('falls back to the supported versions, the default first, when no cluster reports one', () => {
    const fallback = daprdVersionChoices([{}, cluster(undefined)]);
    expect(fallback[0]).toBe(DEFAULT_DAPRD_VERSION);
    expect(DEFAULT_DAPRD_VERSION).toBe('1.18.3');
    expect(daprdVersionChoices([], ['1.16.5', '1.18.3'])).toEqual([
      '1.18.3',
      '1.16.5',
    ]);
  });
});
