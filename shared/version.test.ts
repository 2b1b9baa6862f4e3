import { describe, expect, it } from 'vitest';
import { fingerprint } from './version';

describe('fingerprint()', () => {
  it('is the same for the same content whatever the key order', () => {
    expect(fingerprint({ a: 1, b: [1, { c: 'x', d: null }] })).toBe(fingerprint({ b: [1, { d: null, c: 'x' }], a: 1 }));
  });

  it('changes when any value changes', () => {
    const base = { province: { id: 'nghe-an', name: { vi: 'Nghệ An' } }, units: [{ id: 'vinh' }] };
    const seen = new Set([fingerprint(base), fingerprint({ ...base, units: [{ id: 'vinh2' }] }), fingerprint({ ...base, province: { id: 'nghe-an', name: { vi: 'Nghe An' } } }), fingerprint({ ...base, units: [] })]);
    expect(seen.size).toBe(4);
  });
});
