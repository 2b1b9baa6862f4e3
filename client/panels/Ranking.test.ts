import { describe, expect, it } from 'vitest';
import { shownRanks } from './Ranking';

describe('the ranking panel', () => {
  const list = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('shows the best and the worst of a long list', () => {
    expect(shownRanks(list(21), 4, 3)).toEqual([1, 2, 3, 4, 19, 20, 21]);
  });

  it('shows the whole list when leaving out one row would hide nothing (six departments, not 1, 2, 3, 5, 6)', () => {
    expect(shownRanks(list(6), 3, 2)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(shownRanks(list(7), 3, 2)).toEqual([1, 2, 3, 6, 7]);
  });
});
