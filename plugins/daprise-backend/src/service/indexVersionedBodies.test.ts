import { IndexVersionedBodies } from './indexVersionedBodies';

describe('IndexVersionedBodies', () => {
  it('serializes a body once per index version', () => {
    let version = 1;
    const bodies = new IndexVersionedBodies(() => version);
    const build = jest.fn(() => ({ version }));

    const first = bodies.get('a', build);
    expect(JSON.parse(first.body.toString())).toEqual({ version: 1 });
    expect(bodies.get('a', build)).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);

    version = 2;
    const second = bodies.get('a', build);
    expect(build).toHaveBeenCalledTimes(2);
    expect(JSON.parse(second.body.toString())).toEqual({ version: 2 });
    expect(second.etag).not.toBe(first.etag);
  });

  it('tags different bodies of the same version differently', () => {
    const bodies = new IndexVersionedBodies(() => 7);
    const a = bodies.get('a', () => ({ app: 'a' }));
    const b = bodies.get('b', () => ({ app: 'b' }));
    expect(a.etag).toMatch(/^W\/"7-[\w-]{16}"$/);
    expect(a.etag).not.toBe(b.etag);
    // The same body under the same version has the same tag, e.g. after a restart.
    expect(
      new IndexVersionedBodies(() => 7).get('a', () => ({ app: 'a' })),
    ).toEqual(a);
  });

  it('keeps at most maxEntries bodies', () => {
    const bodies = new IndexVersionedBodies(() => 1, 2);
    const build = jest.fn((key: string) => ({ key }));
    for (const key of ['a', 'b', 'c']) bodies.get(key, () => build(key));
    bodies.get('c', () => build('c'));
    expect(build).toHaveBeenCalledTimes(3);
    bodies.get('a', () => build('a'));
    expect(build).toHaveBeenCalledTimes(4);
  });
});
