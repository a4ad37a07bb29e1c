import type { AppView, FleetContext } from '../model/appTypes';
import {
  DEFAULT_SEVERITY_WEIGHTS,
  evaluateRules,
  RULE_ERROR_ID,
  ruleWeight,
  scoreApp,
} from './evaluate';
import type { Rule } from './types';

const view = {
  key: 'c/n/a',
  cluster: 'c',
  namespace: 'n',
  appId: 'a',
} as AppView;
const context: FleetContext = {
  source: 'cluster',
  daprdVersions: {},
  daprsystemMtls: {},
};

function rule(
  id: string,
  severity: Rule['defaultSeverity'],
  messages: string[],
  extra?: Partial<Rule>,
): Rule {
  return {
    id,
    defaultSeverity: severity,
    title: id,
    description: id,
    remediation: `fix ${id}`,
    evaluate: () => messages.map(message => ({ message })),
    ...extra,
  };
}

describe('evaluateRules', () => {
  it('fills rule id, severity and remediation, worst first', () => {
    const findings = evaluateRules(view, context, [
      rule('low-one', 'low', ['l']),
      rule('crit-one', 'critical', ['c']),
    ]);
    expect(findings).toEqual([
      {
        ruleId: 'crit-one',
        severity: 'critical',
        message: 'c',
        remediation: 'fix crit-one',
        appId: 'a',
      },
      {
        ruleId: 'low-one',
        severity: 'low',
        message: 'l',
        remediation: 'fix low-one',
        appId: 'a',
      },
    ]);
  });

  it('applies configured severity over draft and default severities', () => {
    const r: Rule = {
      ...rule('r', 'low', []),
      evaluate: () => [
        { message: 'm', severity: 'high', remediation: 'specific' },
      ],
    };
    expect(evaluateRules(view, context, [r])[0]).toMatchObject({
      severity: 'high',
      remediation: 'specific',
    });
    expect(
      evaluateRules(view, context, [r], { r: { severity: 'info' } })[0]
        .severity,
    ).toBe('info');
  });

  it('skips disabled rules', () => {
    expect(
      evaluateRules(view, context, [rule('r', 'high', ['m'])], {
        r: { enabled: false },
      }),
    ).toEqual([]);
  });

  it('de-duplicates identical findings', () => {
    expect(
      evaluateRules(view, context, [rule('r', 'high', ['m', 'm', 'n'])]).map(
        f => f.message,
      ),
    ).toEqual(['m', 'n']);
  });

  it('turns a rule that throws into a rule-error finding naming it, and runs the others', () => {
    const broken: Rule = {
      ...rule('broken', 'high', []),
      evaluate: () => {
        throw new Error(`boom ${'x'.repeat(2_000)}`);
      },
    };
    const findings = evaluateRules(view, context, [
      broken,
      rule('ok', 'low', ['fine']),
    ]);
    expect(findings.map(f => f.ruleId)).toEqual(['ok', RULE_ERROR_ID]);
    const [, error] = findings;
    expect(error).toMatchObject({ severity: 'info', appId: 'a' });
    expect(error.message).toMatch(/^Rule broken threw: boom x+…$/);
    expect(error.message.length).toBeLessThan(600);
  });

  it.each([
    ['undefined', undefined, /^Rule odd returned undefined instead/],
    ['null', null, /^Rule odd returned null instead/],
    ['a string', 'oops', /^Rule odd returned a string instead/],
    ['a promise', Promise.resolve([]), /^Rule odd returned a promise/],
    ['a list with a null', [null], /^Rule odd returned a list with null/],
    ['a draft without message', [{ text: 'm' }], /without a text message/],
    [
      'a draft with a broken object ref',
      [{ message: 'm', object: 'orders' }],
      /malformed object ref/,
    ],
  ])(
    'turns a rule that returns %s into a rule-error finding',
    (_, result, message) => {
      const odd: Rule = {
        ...rule('odd', 'high', []),
        evaluate: () => result as any,
      };
      const findings = evaluateRules(view, context, [
        odd,
        rule('ok', 'low', ['fine']),
      ]);
      expect(findings.map(f => f.ruleId)).toEqual(['ok', RULE_ERROR_ID]);
      expect(findings[1].message).toMatch(message);
    },
  );

  it('configures rule-error like a rule', () => {
    const broken: Rule = {
      ...rule('broken', 'high', []),
      evaluate: () => {
        throw new Error('boom');
      },
    };
    expect(
      evaluateRules(view, context, [broken], {
        [RULE_ERROR_ID]: { severity: 'high' },
      }).map(f => f.severity),
    ).toEqual(['high']);
    expect(
      evaluateRules(view, context, [broken], {
        [RULE_ERROR_ID]: { enabled: false },
      }),
    ).toEqual([]);
  });

  it('carries the structured fields of a draft, and the anchor of its rule', () => {
    const r: Rule = {
      ...rule('structured', 'low', [], { anchor: 'https://example.com/#x' }),
      evaluate: () => [
        {
          message: 'm',
          field: 'spec.metadata[name=password].value',
          appId: 'other',
          relatedObjects: [{ cluster: 'c', kind: 'Service', name: 's' }],
        },
      ],
    };
    expect(evaluateRules(view, context, [r])[0]).toEqual({
      ruleId: 'structured',
      severity: 'low',
      message: 'm',
      remediation: 'fix structured',
      field: 'spec.metadata[name=password].value',
      appId: 'other',
      relatedObjects: [{ cluster: 'c', kind: 'Service', name: 's' }],
      anchor: 'https://example.com/#x',
    });
  });

  it('skips object-only rules', () => {
    const objectOnly: Rule = {
      id: 'object-only',
      defaultSeverity: 'low',
      title: 'x',
      description: 'x',
      remediation: 'x',
      check: () => [{ message: 'object' }],
    };
    expect(evaluateRules(view, context, [objectOnly])).toEqual([]);
  });

  it('runs extra rules passed in', () => {
    const extra: Rule = {
      ...rule('custom-owner-label', 'medium', []),
      evaluate: v => [{ message: `${v.appId} has no owner label` }],
    };
    expect(evaluateRules(view, context, [extra])).toEqual([
      {
        ruleId: 'custom-owner-label',
        severity: 'medium',
        message: 'a has no owner label',
        remediation: 'fix custom-owner-label',
        appId: 'a',
      },
    ]);
  });
});

describe('scoreApp', () => {
  const rules = [
    rule('a', 'high', []),
    rule('b', 'medium', []),
    rule('c', 'low', [], { defaultWeight: 7 }),
  ];

  it('subtracts the weight of each rule with findings, once per rule', () => {
    const findings = [
      { ruleId: 'a', severity: 'high' as const, message: '1', remediation: '' },
      { ruleId: 'a', severity: 'high' as const, message: '2', remediation: '' },
      { ruleId: 'c', severity: 'low' as const, message: '3', remediation: '' },
    ];
    expect(scoreApp(findings, rules)).toBe(100 - 25 - 7);
    expect(scoreApp([], rules)).toBe(100);
  });

  it('uses configured weights and severities', () => {
    const findings = [
      {
        ruleId: 'b',
        severity: 'medium' as const,
        message: '',
        remediation: '',
      },
    ];
    expect(scoreApp(findings, rules, { b: { weight: 50 } })).toBe(50);
    expect(ruleWeight(rules[1], { b: { severity: 'critical' } })).toBe(
      DEFAULT_SEVERITY_WEIGHTS.critical,
    );
  });

  it('never goes below zero', () => {
    const heavy = [
      rule('x', 'critical', []),
      rule('y', 'critical', []),
      rule('z', 'critical', []),
    ];
    const findings = heavy.map(r => ({
      ruleId: r.id,
      severity: 'critical' as const,
      message: '',
      remediation: '',
    }));
    expect(scoreApp(findings, heavy)).toBe(0);
  });

  it('counts findings of unknown rules by severity', () => {
    expect(
      scoreApp(
        [{ ruleId: 'other', severity: 'medium', message: '', remediation: '' }],
        [],
      ),
    ).toBe(90);
  });
});
