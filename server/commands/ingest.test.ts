import { describe, expect, it, onTestFinished } from 'vitest';
import { AppError } from '@shared/errors';
import { demoCatalog, tempEmbeddedStore } from '../../test/helpers/log';
import type { Principal } from '../auth/tokens';
import { realClock } from '../clock';
import { LogFollower } from '../log/follower';
import { ingest } from './ingest';

const ADMIN: Principal = { tokenId: 'admin-1', role: 'admin', unit: null };
const DIC: Principal = { tokenId: 'dic-1', role: 'unit', unit: 'dic' };
const AT = new Date().toISOString();
const note = (id: string, unit = 'dic') => ({ id, type: 'note.posted', unit, at: AT, text: 'x', severity: 'info' });

async function deps() {
  const { store, dispose } = await tempEmbeddedStore();
  const follower = new LogFollower(store, demoCatalog);
  onTestFinished(async () => {
    await follower.stop();
    await dispose();
  });
  follower.start();
  await follower.whenLoaded();
  return { store, catalog: demoCatalog, clock: realClock, follower };
}

/** The error a call rejects with, as callers other than HTTP see it. */
async function refusal(call: Promise<unknown>): Promise<AppError> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe('ingest()', () => {
  it('stores an array of events for a principal and returns what it stored, already in this node’s projection', async () => {
    const d = await deps();
    const result = await ingest(d, DIC, [note('a'), note('b')]);
    expect(result.accepted).toEqual([
      { id: 'a', seq: 1 },
      { id: 'b', seq: 2 },
    ]);
    expect(result.duplicates).toEqual([]);
    expect(result.stored.map((e) => [e.seq, e.id, e.by])).toEqual([
      [1, 'a', 'dic-1'],
      [2, 'b', 'dic-1'],
    ]);
    expect(result.epoch).toBe(d.follower.epoch);
    expect(d.follower.seq).toBe(2);
    const again = await ingest(d, DIC, { events: [note('a'), note('c')] });
    expect([again.accepted, again.duplicates, again.stored.length]).toEqual([[{ id: 'c', seq: 3 }], [{ id: 'a', seq: 1 }], 1]);
  });

  it('refuses with contract errors naming each event and field, and stores nothing', async () => {
    const d = await deps();
    const invalid = await refusal(ingest(d, DIC, [note('ok'), { ...note('bad'), severity: 'loud' }]));
    expect([invalid.code, invalid.details?.map((p) => p.path)]).toEqual(['invalid_event', ['events.1.severity']]);
    const single = await refusal(ingest(d, DIC, { ...note('bad'), severity: 'loud' }));
    expect(single.details?.map((p) => p.path)).toEqual(['severity']);
    const forbidden = await refusal(ingest(d, DIC, [note('mine'), note('theirs', 'vinh')]));
    expect([forbidden.code, forbidden.details?.map((p) => p.path)]).toEqual(['forbidden', ['events.1.unit']]);
    await ingest(d, ADMIN, [note('taken')]);
    const conflict = await refusal(ingest(d, ADMIN, [note('new'), { ...note('taken'), text: 'other' }]));
    expect([conflict.code, conflict.details?.map((p) => p.path)]).toEqual(['id_conflict', ['events.1.id']]);
    const empty = await refusal(ingest(d, ADMIN, []));
    expect([empty.code, empty.details?.map((p) => p.path)]).toEqual(['invalid_event', ['events']]);
    expect((await d.store.head()).seq).toBe(1);
  });
});
