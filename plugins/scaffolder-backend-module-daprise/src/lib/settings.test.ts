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
  it('uses daprise.scaffolder.clusters when given, and the default cluster it names', () => {
    const settings = readDapriseScaffolderSettings(
      new ConfigReader({
        kubernetes,
        daprise: {
          scaffolder: {
            clusters: [
              {
                name: 'a',
                url: 'https://a',
                serviceAccountToken: 't',
                caData: 'Y2E=',
              },
              { name: 'b', url: 'https://b', skipTLSVerify: true },
            ],
            defaultCluster: 'b',
          },
        },
      }),
    );
    expect(settings.clusterSource).toBe('daprise.scaffolder.clusters');
    expect(settings.clusters).toEqual([
      { name: 'a', url: 'https://a', serviceAccountToken: 't', caData: 'Y2E=' },
      { name: 'b', url: 'https://b', skipTLSVerify: true },
    ]);
    expect(selectCluster(settings, undefined)?.name).toBe('b');
    expect(selectCluster(settings, 'a')?.name).toBe('a');
    expect(() => selectCluster(settings, 'c')).toThrow(
      'cluster: no cluster named "c" is configured (configured: a, b)',
    );
  });

  it("falls back to the Kubernetes plugin's service-account clusters", () => {
    const settings = readDapriseScaffolderSettings(
      new ConfigReader({ kubernetes }),
    );
    expect(settings.clusterSource).toBe('kubernetes');
    expect(settings.clusters).toEqual([
      { name: 'prod', url: 'https://prod:6443', serviceAccountToken: 'reader' },
    ]);
    expect(selectCluster(settings, undefined)?.name).toBe('prod');
  });

  it('works without clusters, and says so when one is needed', () => {
    const settings = readDapriseScaffolderSettings(new ConfigReader({}));
    expect(settings.clusterSource).toBe('none');
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
            scaffolder: {
              clusters: [{ name: 'a', url: 'https://a' }],
              defaultCluster: 'b',
            },
          },
        }),
      ),
    ).toThrow(
      'daprise.scaffolder.defaultCluster is "b", but no cluster of that name is configured (configured: a)',
    );
    expect(() =>
      readDapriseScaffolderSettings(
        new ConfigReader({
          daprise: {
            scaffolder: {
              clusters: [
                { name: 'a', url: 'https://a' },
                { name: 'a', url: 'https://b' },
              ],
            },
          },
        }),
      ),
    ).toThrow('Cluster "a" is configured twice');
    expect(() =>
      readDapriseScaffolderSettings(
        new ConfigReader({ daprise: { rules: { x: { severity: 'fatal' } } } }),
      ),
    ).toThrow(
      'daprise.rules.x.severity is "fatal"; use one of critical, high, medium, low, info',
    );
  });
});
