// What a process keeps of records it read (names on a list, a case's children): bounded in
// number and in time, so an erased record leaves its memory soon after the erasure.
import { describe, expect, it } from 'vitest';
import { KeptAWhile, KEPT_AT_MOST_MS } from '../../shared/db/kept-a-while.js';

describe('what a process keeps of records it read', () => {
  it('is forgotten once older than its time bound, however often it is used', () => {
    let now = 0;
    const kept = new KeptAWhile<string>(10, KEPT_AT_MOST_MS, () => now);
    kept.set('p1', 'Ava');
    now = KEPT_AT_MOST_MS - 1;
    expect(kept.get('p1')).toBe('Ava');
    now = KEPT_AT_MOST_MS + 1;
    expect(kept.get('p1')).toBeUndefined();
    expect(kept.size).toBe(0);
  });

  it('keeps at most its number, the least recently used going first', () => {
    const kept = new KeptAWhile<number>(2);
    kept.set('a', 1);
    kept.set('b', 2);
    expect(kept.get('a')).toBe(1);
    kept.set('c', 3);
    expect([kept.has('a'), kept.has('b'), kept.has('c')]).toEqual([true, false, true]);
  });
});
