import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  readDapriseScaffolderSettings,
  requireCluster,
  selectCluster,
} from './settings';

const kubernetes = {
  clusterLocatorMethods: [
    {
      type: 'config',
      clusters: [
        {
          name: 'prod',
          url: 'https://prod:6443',
          serviceAccountToken: 'reader',
        },
        { name: 'user-auth', url: 'https://oidc:6443', authProvider: 'oidc' },
      ],
    },
    { type: 'gke', projectId: 'x' },
  ],
};

describe('readDapriseScaffolderSettings', () => {
  it("uses daprise.clusters' scaffolder tokens, and the default cluster it names", () => {
    const settings = readDapriseScaffolderSettings(
      new ConfigReader({
        kubernetes,
        daprise: {
          clusters: [
            {
              name: 'a',
              url: 'https://a',
              caData: 'Y2E=',
              scaffolder: { serviceAccountToken: 't' },
            },
            {
              name: 'b',
              url: 'https://b',
              skipTLSVerify: true,
              scaffolder: { serviceAccountToken: 'u' },
            },
          ],
          scaffolder: { defaultCluster: 'b' },
        },
      }),
    );
    expect(settings.clusters).toEqual([
      { name: 'a', url: 'https://a', serviceAccountToken: 't', caData: 'Y2E=' },
      {
        name: 'b',
        url: 'https://b',
        serviceAccountToken: 'u',
        skipTLSVerify: true,
      },
    ]);
    expect(selectCluster(settings, undefined)?.name).toBe('b');
    expect(selectCluster(settings, 'a')?.name).toBe('a');
    expect(() => selectCluster(settings, 'c')).toThrow(
      'cluster: no cluster named "c" is configured (configured: a, b) — use one of those names, or add the cluster to daprise.clusters with its scaffolder.serviceAccountToken',
    );
  });

  it("gives a Kubernetes plugin's cluster the scaffolder token of daprise.clusters of the same name", () => {
    const settings = readDapriseScaffolderSettings(
      new ConfigReader({
        kubernetes,
        daprise: {
          clusters: [
            { name: 'prod', scaffolder: { serviceAccountToken: 'writer' } },
          ],
        },
      }),
    );
    expect(settings.clusters).toEqual([
      { name: 'prod', url: 'https://prod:6443', serviceAccountToken: 'writer' },
    ]);
    expect(settings.unusableClusters).toEqual([]);
  });

  it("never falls back to the Kubernetes plugin's read token: such a cluster fails with the key to set", () => {
    const settings = readDapriseScaffolderSettings(
      new ConfigReader({ kubernetes }),
    );
    expect(settings.clusters).toEqual([]);
    expect(settings.unusableClusters.map(c => c.name)).toEqual(['prod']);
    // Render, with no cluster named, renders without one.
    expect(selectCluster(settings, undefined)).toBeUndefined();
    const fix =
      'cluster "prod" has no scaffolder token: add { name: prod, scaffolder: { serviceAccountToken } } to daprise.clusters, a token bound to the ClusterRole daprise-scaffolder (examples/rbac/daprise-scaffolder.yaml); the read token is never used to write';
    let error: unknown;
    try {
      selectCluster(settings, 'prod');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`cluster: ${fix}`);
    expect(() => requireCluster(settings, undefined)).toThrow(
      `cluster: no cluster is usable by the scaffolder — ${fix}`,
    );
  });

  it('works without clusters, and says so when one is needed', () => {
    const settings = readDapriseScaffolderSettings(new ConfigReader({}));
    expect(settings.clusters).toEqual([]);
    expect(settings.unusableClusters).toEqual([]);
    expect(selectCluster(settings, undefined)).toBeUndefined();
    expect(() => requireCluster(settings, undefined)).toThrow(InputError);
  });

  it('reads the governance rule settings and the publish directory', () => {
    const settings = readDapriseScaffolderSettings(
      new ConfigReader({
        daprise: {
          rules: {
            'route-without-hostname': { enabled: false, severity: 'low' },
          },
          scaffolder: { publishDirectory: 'published' },
        },
      }),
    );
    expect(settings.rulesConfig).toEqual({
      'route-without-hostname': {
        enabled: false,
        severity: 'low',
        weight: undefined,
      },
    });
    expect(settings.publishDirectory).toBe(`${process.cwd()}/published`);
  });

  it('allows a Kubernetes secret store only when the config says so, and says which key is wrong', () => {
    const read = (allowKubernetesSecretStore?: unknown) =>
      readDapriseScaffolderSettings(
        new ConfigReader({
          daprise: { scaffolder: { allowKubernetesSecretStore } },
        } as any),
      ).allowKubernetesSecretStore;
    expect(read()).toBe(false);
    expect(read(true)).toBe(true);
    // As an environment variable substitutes it.
    expect(read('true')).toBe(true);
    expect(read(false)).toBe(false);
    expect(() => read('yes')).toThrow(
      'daprise.scaffolder.allowKubernetesSecretStore must be true or false, not "yes"',
    );
  });

  it('fails at start-up on configuration that can never work', () => {
    expect(() =>
      readDapriseScaffolderSettings(
        new ConfigReader({
          daprise: {
            clusters: [
              {
                name: 'a',
                url: 'https://a',
                scaffolder: { serviceAccountToken: 't' },
              },
            ],
            scaffolder: { defaultCluster: 'b' },
          },
        }),
      ),
    ).toThrow(
      'daprise.scaffolder.defaultCluster is "b", but no cluster of that name is configured (configured: a)',
    );
    expect(() =>
      readDapriseScaffolderSettings(
        new ConfigReader({
          kubernetes,
          daprise: { scaffolder: { defaultCluster: 'prod' } },
        }),
      ),
    ).toThrow(
      'daprise.scaffolder.defaultCluster is "prod", which the scaffolder cannot use: cluster "prod" has no scaffolder token: add { name: prod, scaffolder: { serviceAccountToken } } to daprise.clusters',
    );
    expect(() =>
      readDapriseScaffolderSettings(
        new ConfigReader({
          daprise: {
            clusters: [
              { name: 'a', url: 'https://a' },
              { name: 'a', url: 'https://b' },
            ],
          },
        }),
      ),
    ).toThrow('cluster "a" is configured twice in daprise.clusters');
    // The key before daprise.clusters: the backend stops, naming the new key.
    expect(() =>
      readDapriseScaffolderSettings(
        new ConfigReader({
          daprise: {
            scaffolder: {
              clusters: [
                { name: 'a', url: 'https://a', serviceAccountToken: 't' },
              ],
            },
          },
        }),
      ),
    ).toThrow(
      'daprise.scaffolder.clusters is no longer read: list each cluster in daprise.clusters',
    );
    expect(() =>
      readDapriseScaffolderSettings(
        new ConfigReader({ daprise: { rules: { x: { severity: 'fatal' } } } }),
      ),
    ).toThrow(
      'daprise.rules.x.severity is "fatal"; use one of critical, high, medium, low, info',
    );
  });
});
