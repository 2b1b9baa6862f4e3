import { describe, expect, it } from 'vitest';
import { EventIdSchema } from '@shared/events';
import { epochTag, reissuedId, upstreamId, type Reading } from './values';

const reading = (idPart: string): Reading => ({ key: `c:${idPart}`, fingerprint: '100', idPart, fields: {} });
const EPOCH_A = '6f1c2a9e-1b7d-4c1e-9b0a-2f3e4d5c6b7a';
const EPOCH_B = '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d';

describe('upstream ids', () => {
  it('are the same for the same value computed at the same seq of the same log, so a retry is a duplicate upstream', () => {
    const id = upstreamId('hue', reading('dossiers_total:2026-12-04'), EPOCH_A, 40);
    expect(id).toBe(upstreamId('hue', reading('dossiers_total:2026-12-04'), EPOCH_A, 40));
    expect(id).toBe(`hue:dossiers_total:2026-12-04:${epochTag(EPOCH_A)}:40`);
  });

  it('differ for the same seq of a log that started again (a new epoch): a restarted seq cannot reuse an id', () => {
    const before = upstreamId('hue', reading('dossiers_total:2026-12-04'), EPOCH_A, 40);
    const after = upstreamId('hue', reading('dossiers_total:2026-12-04'), EPOCH_B, 40);
    expect(after).not.toBe(before);
    expect(upstreamId('hue', reading('dossiers_total:2026-12-04'), EPOCH_A, 41)).not.toBe(before);
  });

  it('stay within 100 characters and distinct across epochs with long config ids', () => {
    const long = reading(`${'x'.repeat(80)}:2026-12-04`);
    const a = upstreamId('ho-chi-minh', long, EPOCH_A, 123_456);
    const b = upstreamId('ho-chi-minh', long, EPOCH_B, 123_456);
    expect(EventIdSchema.safeParse(a).success).toBe(true);
    expect(EventIdSchema.safeParse(b).success).toBe(true);
    expect(a).not.toBe(b);
  });

  it('after a 409 id_conflict: a new id from the content, the same on a retry, and none a second time', () => {
    const event = { id: upstreamId('hue', reading('dossiers_total:2026-12-04'), EPOCH_A, 40), at: '2026-12-04T03:00:00.000Z', type: 'indicator.reported', value: 175 };
    const again = reissuedId(event);
    expect(again).not.toBeNull();
    expect(again).not.toBe(event.id);
    expect(EventIdSchema.safeParse(again).success).toBe(true);
    expect(reissuedId({ ...event })).toBe(again);
    expect(reissuedId({ ...event, value: 176 })).not.toBe(again);
    expect(reissuedId({ ...event, id: again! })).toBeNull();
    const long = { ...event, id: 'y'.repeat(100) };
    expect(EventIdSchema.safeParse(reissuedId(long)).success).toBe(true);
  });
});
