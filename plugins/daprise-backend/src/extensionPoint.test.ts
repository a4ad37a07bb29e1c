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
      // The example gateway has no Resiliency; orders has one. The gateway's view also shows
      // the object finding of its Dapr Shared Deployment (one replica).
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
        expect.objectContaining({
          ruleId: 'dapr-shared-single-replica',
          appId: 'gateway',
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

  it('isolates an added rule that throws or returns something other than findings', async () => {
    const cluster = testControlPlane();
    const throwing: Rule = {
      ...requireResiliency,
      id: 'acme-throws',
      evaluate: () => {
        throw new Error(`no resiliency index ${'x'.repeat(1_000)}`);
      },
    };
    const odd: Rule = {
      ...requireResiliency,
      id: 'acme-returns-text',
      evaluate: () => 'no findings today' as any,
      check: () => [{ message: 42 }] as any,
    };
    const acmeRules = createBackendModule({
      pluginId: 'daprise',
      moduleId: 'acme-broken-rules',
      register(env) {
        env.registerInit({
          deps: { rules: dapriseRulesExtensionPoint },
          async init({ rules }) {
            rules.addRules(throwing, odd, requireResiliency);
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
          token: cluster.adminToken,
        },
      ],
      features: [acmeRules],
    });
    try {
      const gateway = await eventually(async () => {
        const res = await get('/fleet?namespace=infra');
        return res.body.items?.[0]?.findings?.length
          ? res.body.items[0]
          : undefined;
      });
      // The working rule still judges the app; each broken one is one rule-error finding.
      expect(gateway.findings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ruleId: 'acme-resiliency-required' }),
          expect.objectContaining({
            ruleId: 'rule-error',
            severity: 'info',
            message: expect.stringMatching(
              /^Rule acme-throws threw: no resiliency index x+…$/,
            ),
          }),
          expect.objectContaining({
            ruleId: 'rule-error',
            message:
              'Rule acme-returns-text returned a string instead of a list of findings',
          }),
        ]),
      );
      for (const finding of gateway.findings)
        expect(finding.message.length).toBeLessThan(600);
      // A broken rule costs no score: the app loses only what the working rule weighs (10) and
      // the object finding of its Dapr Shared Deployment's single replica (medium, 10).
      expect(
        gateway.findings
          .filter((f: any) => f.ruleId !== 'rule-error')
          .map((f: any) => f.ruleId)
          .sort(),
      ).toEqual(['acme-resiliency-required', 'dapr-shared-single-replica']);
      expect(gateway.score).toBe(80);
      // The built-in rules still run, and the backend keeps answering.
      const orders = (await get('/fleet?namespace=shop')).body.items.find(
        (r: any) => r.appId === 'orders',
      );
      expect(orders.findings.map((f: any) => f.ruleId)).toContain('rule-error');
      expect((await get('/health')).status).toBe(200);
      expect((await get('/entity/default/component/orders')).status).toBe(200);
    } finally {
      await backend.stop();
    }
  });
});
