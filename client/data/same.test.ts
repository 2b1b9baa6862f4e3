import { describe, expect, it } from 'vitest';
import { same } from './same';

describe('same()', () => {
  it('compares plain objects and arrays by content, whatever the key order', () => {
    expect(same({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(same([1, 2], [1, 2])).toBe(true);
  });

  it('tells apart a changed value, a missing key, an extra element, and an array from an object', () => {
    expect(same({ a: 1 }, { a: 2 })).toBe(false);
    expect(same({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(same([1], [1, 2])).toBe(false);
    expect(same([], {})).toBe(false);
    expect(same(null, {})).toBe(false);
    expect(same(0.1 + 0.2, 0.3)).toBe(false);
  });
});
