import { BoundedMap } from './BoundedMap';

describe('BoundedMap', () => {
  let now = 0;
  const map = () =>
    new BoundedMap<string, number>({
      maxEntries: 3,
      maxAgeMs: 1000,
      now: () => now,
    });
  beforeEach(() => {
    now = 0;
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const m = map();
    for (const [i, key] of ['a', 'b', 'c', 'd', 'e'].entries()) {
      now = i;
      m.set(key, i);
    }
    expect(m.size).toBe(3);
    expect(m.get('a')).toBeUndefined();
    expect(m.get('b')).toBeUndefined();
    expect(m.get('e')).toEqual({ value: 4, atMs: 4 });
  });

  it('storing a key again makes it the newest', () => {
    const m = map();
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    m.set('a', 10);
    m.set('d', 4);
    expect(m.get('a')?.value).toBe(10);
    expect(m.get('b')).toBeUndefined();
  });

  it('forgets entries maxAgeMs old, when read and when anything is stored', () => {
    const m = map();
    m.set('a', 1);
    m.set('b', 2);
    now = 999;
    expect(m.get('a')?.value).toBe(1);
    now = 1000;
    expect(m.get('a')).toBeUndefined();
    expect(m.size).toBe(1);
    m.set('c', 3);
    expect(m.size).toBe(1);
    expect(m.get('c')?.value).toBe(3);
  });

  it('keeps nothing with a maxAgeMs of 0', () => {
    const m = new BoundedMap<string, number>({ maxEntries: 3, maxAgeMs: 0 });
    m.set('a', 1);
    expect(m.get('a')).toBeUndefined();
    expect(m.size).toBe(0);
  });

  it('stays bounded under many distinct keys', () => {
    const m = new BoundedMap<string, number>({
      maxEntries: 100,
      maxAgeMs: 60_000,
    });
    for (let i = 0; i < 10_000; i++) m.set(`query ${i}`, i);
    expect(m.size).toBe(100);
    expect(m.get('query 9999')?.value).toBe(9999);
    expect(m.get('query 0')).toBeUndefined();
  });
});
