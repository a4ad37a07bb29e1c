import fs from 'node:fs';
import path from 'node:path';
import { builtinRules } from './builtin';

// The backend's README is where operators look rules up: it must list each one as it is.
describe('the rules table of the backend README', () => {
  const readme = fs.readFileSync(
    path.resolve(__dirname, '../../../daprise-backend/README.md'),
    'utf8',
  );
  const section = readme.slice(readme.indexOf('## Governance rules'));
  const rules = section.slice(0, section.indexOf('\n## ', 1));
  const rows = new Map(
    rules
      .split('\n')
      .filter(line => line.startsWith('| `'))
      .map(line => {
        const cells = line.split('|').map(c => c.trim());
        return [cells[1].replace(/`/g, ''), cells] as const;
      }),
  );

  it.each(builtinRules.map(r => [r.id, r] as const))('lists %s', (_, rule) => {
    const level = [rule.evaluate ? 'app' : '', rule.check ? 'object' : '']
      .filter(Boolean)
      .join(' + ');
    expect(rows.get(rule.id)?.slice(2, 6)).toEqual([
      level,
      rule.defaultSeverity,
      rule.kiali ?? '',
      `[docs](${rule.anchor})`,
    ]);
  });

  it('lists no rule that does not exist', () => {
    expect([...rows.keys()].sort()).toEqual(builtinRules.map(r => r.id).sort());
  });
});
