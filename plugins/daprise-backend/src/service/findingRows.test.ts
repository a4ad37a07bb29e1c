import { builtinRules, FindingRow } from '@daprise/plugin-daprise-common';
import { findingsCsv, queryFindings } from './findingRows';

function row(overrides: Partial<FindingRow>): FindingRow {
  return {
    ruleId: 'cilium-policy-selects-nothing',
    severity: 'low',
    message: 'CiliumNetworkPolicy shop/p selects no workload in namespace shop',
    remediation: 'Fix it.',
    cluster: 'local',
    object: {
      cluster: 'local',
      kind: 'CiliumNetworkPolicy',
      namespace: 'shop',
      name: 'p',
    },
    apps: [],
    ...overrides,
  };
}

describe('findingsCsv', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])(
    'defuses a message that starts with %j',
    start => {
      const message = `${start}HYPERLINK("https://evil.example.com")`;
      const csv = findingsCsv([row({ message })]);
      expect(csv).toContain(`,"'${message.replace(/"/g, '""')}",`);
    },
  );

  it('writes one line per finding under its header', () => {
    const csv = findingsCsv([row({ field: 'spec.endpointSelector' })]);
    expect(csv.split('\r\n')).toEqual([
      'cluster,namespace,kind,name,rule,severity,field,apps,message,remediation',
      'local,shop,CiliumNetworkPolicy,p,cilium-policy-selects-nothing,low,spec.endpointSelector,,CiliumNetworkPolicy shop/p selects no workload in namespace shop,Fix it.',
      '',
    ]);
  });
});

describe('queryFindings', () => {
  const rows = [
    row({}),
    row({
      ruleId: 'dapr-shared-single-replica',
      severity: 'medium',
      object: {
        cluster: 'local',
        kind: 'Deployment',
        namespace: 'infra',
        name: 'gateway-dapr-shared-chart',
      },
      message: 'one replica',
      apps: ['local/infra/gateway'],
    }),
  ];

  it('sorts worst first by default and pages', () => {
    const page = queryFindings(rows, { limit: 1, offset: 1 }, builtinRules);
    expect(page.items.map(r => r.ruleId)).toEqual([
      'cilium-policy-selects-nothing',
    ]);
    expect(page.totalCount).toBe(2);
    expect(page.facets.kinds).toEqual(['CiliumNetworkPolicy', 'Deployment']);
  });

  it('counts by rule whatever the rule filter, by severity within it', () => {
    const page = queryFindings(
      rows,
      { rule: ['dapr-shared-single-replica'] },
      builtinRules,
    );
    expect(page.items).toHaveLength(1);
    expect(page.summary.bySeverity).toMatchObject({ medium: 1, low: 0 });
    expect(page.summary.byRule.map(r => r.ruleId).sort()).toEqual([
      'cilium-policy-selects-nothing',
      'dapr-shared-single-replica',
    ]);
  });

  it('keeps findings of objects that belong to no app, or to some', () => {
    const none = queryFindings(rows, { apps: 'none' }, builtinRules);
    expect(none.items.map(r => r.object?.name)).toEqual(['p']);
    const some = queryFindings(rows, { apps: 'some' }, builtinRules);
    expect(some.items.map(r => r.object?.name)).toEqual([
      'gateway-dapr-shared-chart',
    ]);
  });
});
