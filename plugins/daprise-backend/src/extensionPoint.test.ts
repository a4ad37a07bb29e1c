import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mintServiceAccount,
  testControlPlane,
} from '@daprise/local-control-plane';
import type { Rule } from '@daprise/plugin-daprise-common';
import { dapriseRulesExtensionPoint } from '@daprise/plugin-daprise-node';
import { eventually, startDapriseBackend } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const requireResiliency: Rule = {
  id: 'acme-resiliency-required',
  defaultSeverity: 'medium',
  title: 'App without a Resiliency policy',
  description: 'Every app-id needs retries and timeouts.',
  remediation: 'Add a dapr.io Resiliency scoped to the app-id.',
  evaluate: view =>
    view.resiliencies.length === 0
      ? [{ message: `${view.appId} has no Resiliency` }]
      : [],
};

describe('dapriseRulesExtensionPoint', () => {
  it("evaluates another module's rules with the built-in ones, configured the same way", async () => {
    const cluster = testControlPlane();
    const reader = await mintServiceAccount(cluster.admin(), {
      name: 'daprise-reader',
      namespace: 'daprise-system',
    });
    const acmeRules = createBackendModule({
      pluginId: 'daprise',
      moduleId: 'acme-rules',
      register(env) {
        env.registerInit({
          deps: { rules: dapriseRulesExtensionPoint },
          async init({ rules }) {
            rules.addRules(requireResiliency);
          },
        });
      },
    });
    const { backend, get } = await startDapriseBackend({
      clusters: [
        {
          name: 'local',
          url: cluster.server,
          caData: cluster.caData,
          token: reader.token,
        },
      ],
      features: [acmeRules],
      config: { rules: { 'acme-resiliency-required': { severity: 'high' } } },
    });
    try {
      // The example gateway has no Resiliency; orders has one.
      const gateway = await eventually(async () => {
        const res = await get('/fleet?namespace=infra');
        return res.body.items?.[0]?.findings?.length
          ? res.body.items[0]
          : undefined;
      });
      expect(gateway.findings).toEqual([
        expect.objectContaining({
          ruleId: 'acme-resiliency-required',
          severity: 'high',
          message: 'gateway has no Resiliency',
          remediation: 'Add a dapr.io Resiliency scoped to the app-id.',
        }),
      ]);
      const orders = (await get('/fleet?namespace=shop')).body.items.find(
        (r: any) => r.appId === 'orders',
      );
      expect(orders.findings).toEqual([]);
      const rules = (await get('/rules')).body.items.map(
        (r: any) => `${r.id}:${r.severity}`,
      );
      expect(rules).toContain('acme-resiliency-required:high');
      expect(rules).toContain('component-unscoped:medium');
    } finally {
      await backend.stop();
    }
  });
});
