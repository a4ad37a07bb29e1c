import { hostnamesIntersect } from './listeners';

describe('hostnamesIntersect', () => {
  it.each([
    ['shop.example.com', 'shop.example.com', true],
    ['SHOP.example.com', 'shop.EXAMPLE.com', true],
    ['*.example.com', 'shop.example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['shop.example.com', '*.example.com', true],
    ['*.example.com', '*.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'shop.example.org', false],
    ['a.example.com', 'b.example.com', false],
    ['*.a.com', '*.b.com', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(hostnamesIntersect(a, b)).toBe(expected);
  });
});
