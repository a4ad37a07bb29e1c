import {
  LabelIndex,
  matchesLabelSelector,
  matchesRequirement,
  matchesServiceSelector,
} from './selectors';

describe('matchesRequirement', () => {
  const labels = { app: 'orders', tier: 'api' };
  it('implements the four operators', () => {
    expect(
      matchesRequirement(
        { key: 'app', operator: 'In', values: ['orders', 'cart'] },
        labels,
      ),
    ).toBe(true);
    expect(
      matchesRequirement(
        { key: 'app', operator: 'In', values: ['cart'] },
        labels,
      ),
    ).toBe(false);
    expect(
      matchesRequirement(
        { key: 'missing', operator: 'In', values: [''] },
        labels,
      ),
    ).toBe(false);
    expect(
      matchesRequirement(
        { key: 'app', operator: 'NotIn', values: ['cart'] },
        labels,
      ),
    ).toBe(true);
    expect(
      matchesRequirement(
        { key: 'app', operator: 'NotIn', values: ['orders'] },
        labels,
      ),
    ).toBe(false);
    expect(
      matchesRequirement(
        { key: 'missing', operator: 'NotIn', values: ['x'] },
        labels,
      ),
    ).toBe(true);
    expect(
      matchesRequirement({ key: 'tier', operator: 'Exists' }, labels),
    ).toBe(true);
    expect(
      matchesRequirement({ key: 'missing', operator: 'Exists' }, labels),
    ).toBe(false);
    expect(
      matchesRequirement({ key: 'missing', operator: 'DoesNotExist' }, labels),
    ).toBe(true);
    expect(
      matchesRequirement({ key: 'app', operator: 'DoesNotExist' }, labels),
    ).toBe(false);
  });
});

describe('matchesLabelSelector', () => {
  it('matches everything with an empty or absent selector', () => {
    expect(matchesLabelSelector({}, { a: 'b' })).toBe(true);
    expect(matchesLabelSelector(undefined, {})).toBe(true);
  });

  it('needs every matchLabel and expression', () => {
    const selector = {
      matchLabels: { app: 'orders' },
      matchExpressions: [
        { key: 'tier', operator: 'In' as const, values: ['api'] },
      ],
    };
    expect(matchesLabelSelector(selector, { app: 'orders', tier: 'api' })).toBe(
      true,
    );
    expect(matchesLabelSelector(selector, { app: 'orders', tier: 'web' })).toBe(
      false,
    );
    expect(matchesLabelSelector(selector, { app: 'cart', tier: 'api' })).toBe(
      false,
    );
  });
});

describe('matchesServiceSelector', () => {
  it('selects nothing with an empty selector', () => {
    expect(matchesServiceSelector({}, { a: 'b' })).toBe(false);
    expect(matchesServiceSelector(undefined, { a: 'b' })).toBe(false);
  });
  it('needs every pair', () => {
    expect(
      matchesServiceSelector({ a: 'b', c: 'd' }, { a: 'b', c: 'd', e: 'f' }),
    ).toBe(true);
    expect(matchesServiceSelector({ a: 'b', c: 'd' }, { a: 'b' })).toBe(false);
  });
});

describe('LabelIndex', () => {
  const items = [
    { name: 'orders', labels: { app: 'orders', tier: 'api' } },
    { name: 'orders-worker', labels: { app: 'orders', tier: 'worker' } },
    { name: 'cart', labels: { app: 'cart', tier: 'api' } },
  ];
  const index = new LabelIndex<(typeof items)[number]>(i => i.labels);
  items.forEach(i => index.add(i));

  it('selects for a Service selector', () => {
    expect(index.selectForService({ app: 'orders' }).map(i => i.name)).toEqual([
      'orders',
      'orders-worker',
    ]);
    expect(
      index.selectForService({ app: 'orders', tier: 'api' }).map(i => i.name),
    ).toEqual(['orders']);
    expect(index.selectForService({ app: 'nope' })).toEqual([]);
    expect(index.selectForService({})).toEqual([]);
  });

  it('selects for a label selector, including expressions and empty selectors', () => {
    expect(
      index
        .select({
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['api'] }],
        })
        .map(i => i.name),
    ).toEqual(['orders', 'cart']);
    expect(index.select({}).length).toBe(3);
    expect(
      index
        .select({
          matchLabels: { tier: 'api' },
          matchExpressions: [
            { key: 'app', operator: 'NotIn', values: ['cart'] },
          ],
        })
        .map(i => i.name),
    ).toEqual(['orders']);
  });
});
