import { ConfigReader } from '@backstage/config';
import {
  kubeConfigForCluster,
  readKubernetesPluginClusters,
  readRulesConfig,
} from './config';

describe('readKubernetesPluginClusters', () => {
  it("takes the Kubernetes plugin's service-account clusters of config locators only", () => {
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'catalog' },
          {
            type: 'config',
            clusters: [
              {
                name: 'prod',
                url: 'https://prod:6443',
                authProvider: 'serviceAccount',
                serviceAccountToken: 't',
                caData: 'Y2E=',
              },
              { name: 'implicit', url: 'https://implicit:6443' },
              { name: 'oidc', url: 'https://oidc:6443', authProvider: 'oidc' },
            ],
          },
        ],
      },
    });
    expect(readKubernetesPluginClusters(config)).toEqual([
      {
        name: 'prod',
        url: 'https://prod:6443',
        serviceAccountToken: 't',
        caData: 'Y2E=',
      },
      { name: 'implicit', url: 'https://implicit:6443' },
    ]);
  });

  it('is empty without a kubernetes section', () => {
    expect(readKubernetesPluginClusters(new ConfigReader({}))).toEqual([]);
  });
});

describe('kubeConfigForCluster', () => {
  it('authenticates with the cluster token against its URL', () => {
    const kc = kubeConfigForCluster({
      name: 'prod',
      url: 'https://prod:6443',
      serviceAccountToken: 'secret',
    });
    expect(kc.getCurrentCluster()).toMatchObject({
      name: 'prod',
      server: 'https://prod:6443',
      skipTLSVerify: false,
    });
    expect(kc.getCurrentUser()?.token).toBe('secret');
  });
});

describe('readRulesConfig', () => {
  it('reads enabled, severity and weight per rule', () => {
    const config = new ConfigReader({
      daprise: {
        rules: {
          'daprd-version-skew': { severity: 'low', weight: 5 },
          'route-without-hostname': { enabled: false },
        },
      },
    });
    expect(readRulesConfig(config)).toEqual({
      'daprd-version-skew': { enabled: undefined, severity: 'low', weight: 5 },
      'route-without-hostname': {
        enabled: false,
        severity: undefined,
        weight: undefined,
      },
    });
  });

  it('names the field and the allowed values when a severity is wrong', () => {
    const config = new ConfigReader({
      daprise: { rules: { 'component-unscoped': { severity: 'urgent' } } },
    });
    expect(() => readRulesConfig(config)).toThrow(
      'daprise.rules.component-unscoped.severity is "urgent"; use one of critical, high, medium, low, info',
    );
  });
});
