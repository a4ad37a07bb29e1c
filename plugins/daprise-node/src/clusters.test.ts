import { ConfigReader } from '@backstage/config';
import { resolveClusters } from './clusters';

/** The Kubernetes plugin's clusters, as a portal that runs it configures them. */
const kubernetes = {
  clusterLocatorMethods: [
    { type: 'catalog' },
    {
      type: 'config',
      clusters: [
        {
          name: 'prod',
          url: 'https://prod:6443',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'prod-reader',
          caData: 'cHJvZA==',
          skipMetricsLookup: true,
        },
        {
          name: 'implicit',
          url: 'https://implicit:6443',
          serviceAccountToken: 'implicit-reader',
        },
        { name: 'oidc', url: 'https://oidc:6443', authProvider: 'oidc' },
      ],
    },
  ],
};

describe('resolveClusters', () => {
  it("takes the Kubernetes plugin's service-account clusters of config locators only", () => {
    const config = new ConfigReader({ kubernetes });
    expect(resolveClusters(config, { purpose: 'read' })).toEqual({
      clusters: [
        {
          name: 'prod',
          url: 'https://prod:6443',
          serviceAccountToken: 'prod-reader',
          caData: 'cHJvZA==',
        },
        {
          name: 'implicit',
          url: 'https://implicit:6443',
          serviceAccountToken: 'implicit-reader',
        },
      ],
      unusable: [],
    });
  });

  it('is empty without any cluster', () => {
    for (const purpose of ['read', 'scaffold'] as const) {
      expect(resolveClusters(new ConfigReader({}), { purpose })).toEqual({
        clusters: [],
        unusable: [],
      });
    }
  });

  it("merges daprise.clusters with the Kubernetes plugin's by name, Daprise's fields winning, and adds its own", () => {
    const config = new ConfigReader({
      kubernetes,
      daprise: {
        clusters: [
          // Only what differs: url and CA come from the Kubernetes plugin's cluster.
          { name: 'prod', serviceAccountToken: 'daprise-reader' },
          {
            name: 'implicit',
            url: 'https://implicit.proxy/k8s/clusters/c-1',
            skipTLSVerify: true,
          },
          {
            name: 'staging',
            url: 'https://staging:6443',
            serviceAccountToken: 'staging-reader',
            caData: 'c3RhZ2luZw==',
          },
        ],
      },
    });
    expect(resolveClusters(config, { purpose: 'read' }).clusters).toEqual([
      {
        name: 'prod',
        url: 'https://prod:6443',
        serviceAccountToken: 'daprise-reader',
        caData: 'cHJvZA==',
      },
      {
        name: 'implicit',
        url: 'https://implicit.proxy/k8s/clusters/c-1',
        serviceAccountToken: 'implicit-reader',
        skipTLSVerify: true,
      },
      {
        name: 'staging',
        url: 'https://staging:6443',
        serviceAccountToken: 'staging-reader',
        caData: 'c3RhZ2luZw==',
      },
    ]);
  });

  it("leaves the Kubernetes plugin's clusters out when daprise.useKubernetesPluginClusters is false", () => {
    const config = new ConfigReader({
      kubernetes,
      daprise: {
        useKubernetesPluginClusters: false,
        clusters: [{ name: 'staging', url: 'https://staging:6443' }],
      },
    });
    expect(resolveClusters(config, { purpose: 'read' }).clusters).toEqual([
      { name: 'staging', url: 'https://staging:6443' },
    ]);
  });

  it('gives the scaffolder its own token, and lists a cluster without one as unusable with the key to set', () => {
    const config = new ConfigReader({
      kubernetes,
      daprise: {
        clusters: [
          { name: 'prod', scaffolder: { serviceAccountToken: 'prod-writer' } },
          { name: 'staging', url: 'https://staging:6443', caData: 'Y2E=' },
          // As the config loader leaves it when the environment variable is not set.
          { name: 'dev', url: 'https://dev:6443', scaffolder: {} },
        ],
      },
    });
    const resolved = resolveClusters(config, { purpose: 'scaffold' });
    expect(resolved.clusters).toEqual([
      {
        name: 'prod',
        url: 'https://prod:6443',
        serviceAccountToken: 'prod-writer',
        caData: 'cHJvZA==',
      },
    ]);
    expect(resolved.unusable).toEqual([
      {
        name: 'implicit',
        reason:
          'cluster "implicit" has no scaffolder token: add { name: implicit, scaffolder: { serviceAccountToken } } to daprise.clusters, a token bound to the ClusterRole daprise-scaffolder (examples/rbac/daprise-scaffolder.yaml); the read token is never used to write',
      },
      {
        name: 'staging',
        reason:
          'cluster "staging" has no scaffolder token: set daprise.clusters[1].scaffolder.serviceAccountToken, a token bound to the ClusterRole daprise-scaffolder (examples/rbac/daprise-scaffolder.yaml); the read token is never used to write',
      },
      {
        name: 'dev',
        reason:
          'cluster "dev" has no scaffolder token: set daprise.clusters[2].scaffolder.serviceAccountToken, a token bound to the ClusterRole daprise-scaffolder (examples/rbac/daprise-scaffolder.yaml); the read token is never used to write',
      },
    ]);
    // The reader keeps its own token, never the scaffolder's.
    expect(
      resolveClusters(config, { purpose: 'read' }).clusters.find(
        c => c.name === 'prod',
      )?.serviceAccountToken,
    ).toBe('prod-reader');
  });

  it('fails on a cluster without a url, naming the key', () => {
    expect(() =>
      resolveClusters(
        new ConfigReader({
          kubernetes,
          daprise: { clusters: [{ name: 'nowhere' }] },
        }),
        { purpose: 'read' },
      ),
    ).toThrow(
      'daprise.clusters[0].url is missing: cluster "nowhere" is not one of the Kubernetes plugin\'s clusters (kubernetes.clusterLocatorMethods of type config, authProvider serviceAccount), so give its url',
    );
    expect(() =>
      resolveClusters(
        new ConfigReader({
          kubernetes,
          daprise: {
            useKubernetesPluginClusters: false,
            clusters: [
              { name: 'prod', scaffolder: { serviceAccountToken: 't' } },
            ],
          },
        }),
        { purpose: 'scaffold' },
      ),
    ).toThrow(
      'daprise.clusters[0].url is missing: cluster "prod" is not one of the Kubernetes plugin\'s clusters, which daprise.useKubernetesPluginClusters: false leaves out, so give its url',
    );
  });

  it('fails on a name given twice in daprise.clusters', () => {
    expect(() =>
      resolveClusters(
        new ConfigReader({
          daprise: {
            clusters: [
              { name: 'a', url: 'https://a' },
              { name: 'a', url: 'https://b' },
            ],
          },
        }),
        { purpose: 'read' },
      ),
    ).toThrow(
      'daprise.clusters[1]: cluster "a" is configured twice in daprise.clusters',
    );
  });

  it('fails on the old daprise.scaffolder.clusters, naming the key that replaces it', () => {
    const config = new ConfigReader({
      kubernetes,
      daprise: {
        scaffolder: {
          clusters: [
            {
              name: 'prod',
              url: 'https://prod:6443',
              serviceAccountToken: 'prod-writer',
            },
          ],
        },
      },
    });
    for (const purpose of ['read', 'scaffold'] as const) {
      expect(() => resolveClusters(config, { purpose })).toThrow(
        "daprise.scaffolder.clusters is no longer read: list each cluster in daprise.clusters (name, url, caData, skipTLSVerify; those the Kubernetes plugin's cluster of the same name has may be left out) and move its token to daprise.clusters[].scaffolder.serviceAccountToken",
      );
    }
  });
});
