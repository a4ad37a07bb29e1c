import { clusterSnapshot, component, fleet } from '../__testUtils__/fixtures';
import { buildAppIndex } from '../findings';
import {
  groupClusterSnapshot,
  groupFleetSnapshot,
  withClusterSnapshot,
} from '../model/snapshot';
import type { Rule } from './types';
import { componentPlaintextSecretRule } from './componentRules';
import { validateCluster, validateFleet } from './validate';

const componentsRule: Rule = {
  id: 'every-component',
  defaultSeverity: 'low',
  title: 'Every component',
  description: 'Reports every component.',
  remediation: 'None.',
  anchor: 'https://example.com/#components',
  check: cluster =>
    (cluster.objects.Component ?? []).map(c => ({
      message: `Component ${c.name}`,
      object: {
        cluster: cluster.name,
        kind: 'Component' as const,
        namespace: c.namespace,
        name: c.name,
      },
      field: 'spec.type',
    })),
};

describe('validateCluster', () => {
  const cluster = groupClusterSnapshot(
    clusterSnapshot('prod', [
      component({ name: 'b', scopes: ['nobody'] }),
      component({ name: 'a', namespace: 'other' }),
    ]),
  );

  it('judges every object, used by an app or not, and fills the finding from the rule', () => {
    const findings = validateCluster(cluster, [componentsRule]);
    expect(findings.map(f => f.message).sort()).toEqual([
      'Component a',
      'Component b',
    ]);
    expect(findings[0]).toMatchObject({
      ruleId: 'every-component',
      severity: 'low',
      remediation: 'None.',
      field: 'spec.type',
      anchor: 'https://example.com/#components',
    });
    expect(findings[0].appId).toBeUndefined();
  });

  it('applies configuration, skips app-only rules and reports broken ones as rule-error', () => {
    const broken: Rule = {
      ...componentsRule,
      id: 'broken',
      check: () => {
        throw new Error('boom');
      },
    };
    const odd: Rule = {
      ...componentsRule,
      id: 'odd',
      check: () => undefined as any,
    };
    const appOnly: Rule = {
      ...componentsRule,
      id: 'app-only',
      check: undefined,
      evaluate: () => [{ message: 'x' }],
    };
    const findings = validateCluster(
      cluster,
      [broken, odd, appOnly, componentsRule],
      { 'every-component': { severity: 'high' } },
    );
    expect(findings.map(f => `${f.ruleId}:${f.severity}`)).toEqual([
      'every-component:high',
      'every-component:high',
      'rule-error:info',
      'rule-error:info',
    ]);
    expect(findings.slice(2).map(f => f.message)).toEqual([
      'Rule broken threw: boom',
      'Rule odd returned undefined instead of a list of findings',
    ]);
    expect(
      validateCluster(cluster, [componentsRule], {
        'every-component': { enabled: false },
      }),
    ).toEqual([]);
  });

  it('is what the app index serves as object findings, by cluster', () => {
    const index = buildAppIndex(
      fleet(
        clusterSnapshot('prod', [component({ name: 'b', scopes: ['nobody'] })]),
      ),
      { rules: [componentsRule] },
    );
    expect(index.objectFindings.get('prod')?.map(f => f.message)).toEqual([
      'Component b',
    ]);
  });
});

describe('component-plaintext-secret (object check)', () => {
  it('judges every Component and HTTPEndpoint, in scope of a running app or not, one finding per field', () => {
    const cluster = groupClusterSnapshot(
      clusterSnapshot('prod', [
        component({
          name: 'orphan',
          scopes: ['runs-nowhere'],
          metadata: [
            { name: 'password', value: 'hunter2' },
            { name: 'apiKey', value: 'abc123' },
            { name: 'host', value: 'redis:6379' },
          ],
        }),
        component({
          name: 'fine',
          metadata: [
            { name: 'password', secretKeyRef: { name: 's', key: 'k' } },
          ],
        }),
      ]),
    );
    const findings = validateCluster(cluster, [componentPlaintextSecretRule]);
    expect(findings.map(f => [f.field, f.message])).toEqual([
      [
        'spec.metadata[name=password].value',
        'Component demo/orphan (state.redis) holds password in plain text',
      ],
      [
        'spec.metadata[name=apiKey].value',
        'Component demo/orphan (state.redis) holds apiKey in plain text',
      ],
    ]);
    expect(JSON.stringify(findings)).not.toContain('hunter2');
  });
});

describe('validateFleet', () => {
  it('judges a grouped cluster once for the same rules and configuration', () => {
    let runs = 0;
    const counting: Rule = {
      ...componentsRule,
      check: cluster => {
        runs += 1;
        return componentsRule.check!(cluster);
      },
    };
    const rules = [counting];
    const grouped = groupFleetSnapshot(
      fleet(clusterSnapshot('prod', [component({ name: 'b' })])),
    );
    const first = validateFleet(grouped, rules);
    expect(validateFleet(grouped, rules)).toEqual(first);
    expect(runs).toBe(1);
    validateFleet(grouped, rules, { 'every-component': { severity: 'high' } });
    expect(runs).toBe(2);
    const regrouped = withClusterSnapshot(
      grouped,
      'prod',
      clusterSnapshot('prod', [component({ name: 'c' })]),
    );
    expect(
      validateFleet(regrouped, rules)
        .get('prod')
        ?.map(f => f.message),
    ).toEqual(['Component c']);
    expect(runs).toBe(3);
  });
});
