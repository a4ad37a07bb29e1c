import { ScopedIndex, inScopeFor, isInScope } from './components';

describe('isInScope', () => {
  it('applies unscoped objects to every app-id and scoped ones to listed app-ids only', () => {
    expect(isInScope([], 'orders')).toBe(true);
    expect(isInScope(undefined, 'orders')).toBe(true);
    expect(isInScope(['orders', 'cart'], 'orders')).toBe(true);
    expect(isInScope(['cart'], 'orders')).toBe(false);
  });

  it('is case-sensitive, like Dapr', () => {
    expect(isInScope(['Orders'], 'orders')).toBe(false);
  });
});

describe('inScopeFor', () => {
  const objects = [
    { name: 'a', namespace: 'shop', scopes: [] },
    { name: 'b', namespace: 'shop', scopes: ['orders'] },
    { name: 'c', namespace: 'shop', scopes: ['cart'] },
    { name: 'd', namespace: 'other', scopes: [] },
    { name: 'e', namespace: 'other', scopes: ['orders'] },
  ];
  it('keeps components namespace-local', () => {
    expect(inScopeFor(objects, 'shop', 'orders').map(o => o.name)).toEqual([
      'a',
      'b',
    ]);
    expect(inScopeFor(objects, 'other', 'orders').map(o => o.name)).toEqual([
      'd',
      'e',
    ]);
    expect(inScopeFor(objects, 'shop', 'cart').map(o => o.name)).toEqual([
      'a',
      'c',
    ]);
    expect(inScopeFor(objects, 'nowhere', 'orders')).toEqual([]);
  });
});

describe('ScopedIndex', () => {
  it('returns unscoped and listed objects sorted by name, once each', () => {
    const index = new ScopedIndex<{ name: string; scopes: string[] }>();
    index.add({ name: 'z-unscoped', scopes: [] });
    index.add({ name: 'b', scopes: ['orders', 'orders'] });
    index.add({ name: 'a', scopes: ['cart', 'orders'] });
    expect(index.forApp('orders').map(o => o.name)).toEqual([
      'a',
      'b',
      'z-unscoped',
    ]);
    expect(index.forApp('cart').map(o => o.name)).toEqual(['a', 'z-unscoped']);
    expect(index.forApp('nobody').map(o => o.name)).toEqual(['z-unscoped']);
  });
});
