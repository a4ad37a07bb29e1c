import { builtinRules } from './builtin';
import { describeRules } from './describe';

describe('describeRules', () => {
  it('documents every builtin rule: kinds, why it matters, how to fix it, and a docs URL', () => {
    for (const rule of describeRules(builtinRules)) {
      expect({ id: rule.id, kinds: rule.kinds.length > 0 }).toEqual({
        id: rule.id,
        kinds: true,
      });
      expect({ id: rule.id, rationale: rule.rationale }).toEqual({
        id: rule.id,
        rationale: expect.stringMatching(/\S.{20,}/),
      });
      expect(rule.remediation.length).toBeGreaterThan(10);
      expect(rule.docsUrl).toMatch(/^https:\/\//);
      expect(rule.levels.length).toBeGreaterThan(0);
    }
  });

  it('gives the defaults and what configuration makes of them', () => {
    const [plain, configured] = describeRules(
      builtinRules.filter(r =>
        ['component-unscoped', 'route-parent-missing'].includes(r.id),
      ),
      {
        'route-parent-missing': { enabled: false, severity: 'low', weight: 3 },
      },
    );
    expect(plain).toMatchObject({
      id: 'component-unscoped',
      levels: ['app'],
      kinds: ['Component'],
      defaultSeverity: 'medium',
      severity: 'medium',
      defaultEnabled: true,
      enabled: true,
    });
    expect(plain.weight).toBe(plain.defaultWeight);
    expect(configured).toMatchObject({
      id: 'route-parent-missing',
      levels: ['object'],
      kiali: 'KIA1401',
      defaultSeverity: 'high',
      severity: 'low',
      enabled: false,
      weight: 3,
      docsUrl: expect.stringContaining('#parentreference'),
    });
    expect(configured.defaultWeight).not.toBe(3);
  });
});
