// Lists that the backend keeps for as long as an index lives (slim objects, grouped clusters,
// app views) are stored compactly: V8 gives an array built by `push`, `filter` or spreading
// room for about 17 elements, where most of these lists hold one to three, and most of the
// rest are empty.

// Every empty list shares this array. Frozen, so that code pushing onto a kept list fails
// loudly instead of changing every empty list. (Typed mutable like the lists it stands in for:
// kept objects are read-only by convention, not by type.)
const NONE = Object.freeze([]) as unknown as never[];

/** An exactly sized array (made by `map`, `slice` or `concat`) as kept: the shared one when empty. */
export function list<T>(items: T[]): T[] {
  return items.length === 0 ? NONE : items;
}

/** An array built by `push`, `filter` or spreading as kept: an exactly sized copy, or the shared empty one. */
export function trimmed<T>(items: T[]): T[] {
  return items.length === 0 ? NONE : items.slice();
}
