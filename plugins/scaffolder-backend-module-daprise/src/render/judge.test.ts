import { judgeRenderedService } from './judge';
import { renderService } from './service';
import { serviceDraft } from '../__testUtils__/serviceDraft';

describe('judgeRenderedService', () => {
  it('finds nothing wrong with a default rendered service', () => {
    const judgement = judgeRenderedService(renderService(serviceDraft()));
    expect(judgement.findings).toEqual([]);
    expect(judgement.score).toBe(100);
  });

  it('finds nothing wrong with the minimal input either', () => {
    const rendered = renderService({
      appId: 'orders',
      namespace: 'shop',
      owner: 'team-a',
      appPort: 80,
      image: 'acme/orders:1',
      gateway: { name: 'gw', namespace: 'edge' },
      hostnames: ['o.example.com'],
    });
    expect(judgeRenderedService(rendered).findings).toEqual([]);
  });

  it('sees the rendered objects through the same model the backend uses', () => {
    const { view } = judgeRenderedService(renderService(serviceDraft()));
    expect(view).toMatchObject({
      key: 'rendered/shop/orders',
      source: 'rendered',
    });
    expect(view.daprShared).toEqual([
      expect.objectContaining({
        appId: 'orders',
        madeBy: 'daprise',
        strategy: 'deployment',
        mtls: true,
      }),
    ]);
    expect(view.appWorkloads.map(w => w.ref.name)).toEqual(['orders']);
    expect(view.components.map(c => [c.name, c.scopes])).toEqual([
      ['statestore', ['orders']],
      ['ticker', ['orders']],
    ]);
    expect(view.routes).toEqual([
      expect.objectContaining({
        mode: 'via-dapr',
        via: { appId: 'gateway', namespace: 'edge' },
        target: { appId: 'orders', namespace: 'shop' },
        hostnames: ['orders.example.com'],
      }),
    ]);
    expect(view.routes[0].hops.map(h => `${h.role}:${h.status}`)).toEqual([
      'gateway:unknown',
      'via-dapr:unknown',
      'target-dapr:unknown',
      'app:unknown',
    ]);
    expect(
      view.policies.map(p => [p.ref.name, p.selectsDaprShared, p.ingress]),
    ).toEqual([
      ['orders-app-ingress', false, true],
      ['orders-dapr-shared-ingress', true, true],
    ]);
  });

  it('finds the missing network policy when policies are disabled', () => {
    const { findings } = judgeRenderedService(
      renderService(serviceDraft(i => (i.networkPolicy = false))),
    );
    expect(findings.map(f => f.ruleId)).toEqual([
      'dapr-shared-without-network-policy',
    ]);
    expect(findings[0].object).toEqual({
      cluster: 'rendered',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'orders-dapr-shared-chart',
    });
  });

  it('finds a route without hostnames', () => {
    const { findings } = judgeRenderedService(
      renderService(serviceDraft(i => (i.hostnames = []))),
    );
    expect(findings.map(f => f.ruleId)).toEqual(['route-without-hostname']);
  });

  it('judges against the live fleet when given its context', () => {
    const rendered = renderService(
      serviceDraft(i => {
        i.daprShared.mtls = false;
        i.daprShared.daprdVersion = '1.15.7';
      }),
    );
    expect(judgeRenderedService(rendered).findings).toEqual([]);
    const { findings, score } = judgeRenderedService(rendered, {
      cluster: 'prod',
      context: {
        daprsystemMtls: { prod: true },
        // Three minor releases ahead of the render's daprd: beyond Dapr's supported skew.
        controlPlaneVersions: { prod: '1.18.0' },
        source: 'cluster',
      },
    });
    expect(findings.map(f => f.ruleId)).toEqual([
      'dapr-shared-mtls-disabled',
      'daprd-version-skew',
    ]);
    expect(findings[0].object?.cluster).toBe('prod');
    expect(score).toBe(100 - 25 - 5);
  });

  it('applies rules configuration and extra rules', () => {
    const rendered = renderService(
      serviceDraft(i => (i.networkPolicy = false)),
    );
    expect(
      judgeRenderedService(rendered, {
        rulesConfig: {
          'dapr-shared-without-network-policy': { enabled: false },
        },
      }).findings,
    ).toEqual([]);
    const extra = {
      id: 'needs-resiliency',
      defaultSeverity: 'low' as const,
      title: 'Resiliency',
      description: 'Apps should have a resiliency policy.',
      remediation: 'Add a Resiliency.',
      evaluate: (view: { resiliencies: unknown[] }) =>
        view.resiliencies.length === 0 ? [{ message: 'no resiliency' }] : [],
    };
    expect(
      judgeRenderedService(renderService(serviceDraft()), {
        rules: [extra],
      }).findings.map(f => f.ruleId),
    ).toEqual(['needs-resiliency']);
  });
});
