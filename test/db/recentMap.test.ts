import { describe, expect, it } from 'vitest';
import { RecentMap } from '../../src/db/recentMap.js';

describe('RecentMap', () => {
  it('drops the entry unused longest once over its limit; a get counts as a use, a peek does not', () => {
    const m = new RecentMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.get('a')).toBe(1);
    m.set('c', 3);
    expect(m.peek('b')).toBeUndefined();
    expect([m.peek('a'), m.peek('c'), m.size]).toEqual([1, 3, 2]);
    expect(m.peek('a')).toBe(1);
    m.set('d', 4);
    expect(m.peek('a')).toBeUndefined();
    expect(m.get('c')).toBe(3);
  });

  it('replaces an entry in place of adding one, and deletes', () => {
    const m = new RecentMap<string, number>(2);
    m.set('a', 1);
    m.set('a', 2);
    m.set('b', 3);
    expect([m.get('a'), m.size]).toEqual([2, 2]);
    expect(m.delete('a')).toBe(true);
    expect([m.peek('a'), m.size]).toEqual([undefined, 1]);
  });
});
