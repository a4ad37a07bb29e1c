import { ConfigReader } from '@backstage/config';
import { kubeConfigForCluster, readRulesConfig } from './config';

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
