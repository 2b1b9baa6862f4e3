import { describe, expect, it, onTestFinished } from 'vitest';
import { SYSTEM_UNIT, type LogEvent } from '@shared/events';
import { demoCatalog, tempEmbeddedStore } from '../../test/helpers/log';
import { Tokens } from '../auth/tokens';
import { realClock } from '../clock';
import { LogFollower } from '../log/follower';
import { appendEvents } from './append';

const AT = new Date().toISOString();
const note = (id: string, text = 'x'): LogEvent => ({ id, type: 'note.posted', unit: 'dic', at: AT, text, severity: 'info' });

/** A loaded follower whose tail is stopped: only what the write path offers it reaches its projection. */
async function deps() {
  const { store, dispose } = await tempEmbeddedStore();
  const follower = new LogFollower(store, demoCatalog);
  onTestFinished(dispose);
  follower.start();
  await follower.whenLoaded();
  await follower.stop();
  return { store, clock: realClock, follower };
}

describe('appendEvents(), the one write path', () => {
  it('stores, dedupes by (unit, id) and content, and hands what it stored to this node’s projection', async () => {
    const d = await deps();
    const first = await appendEvents(d, 'tok-1', [note('a'), note('b')]);
    expect(first.ok && first.stored.map((e) => [e.seq, e.id, e.by])).toEqual([
      [1, 'a', 'tok-1'],
      [2, 'b', 'tok-1'],
    ]);
    expect(d.follower.seq).toBe(2);
    const again = await appendEvents(d, 'tok-2', [note('a'), note('c')]);
    expect(again.ok && [again.results.map((r) => [r.id, r.seq, r.duplicate]), again.stored.map((e) => e.id)]).toEqual([
      [
        ['a', 1, true],
        ['c', 3, false],
      ],
      ['c'],
    ]);
    expect(await appendEvents(d, 'tok-1', [note('d'), note('b', 'other text')])).toEqual({ ok: false, conflicts: [1] });
    expect([d.follower.seq, (await d.store.head()).seq]).toEqual([3, 3]);
  });

  it('writes token changes through it, so the audit trail is in this node’s projection when the change returns', async () => {
    const d = await deps();
    const tokens = new Tokens(d, undefined);
    const issued = await tokens.issue({ role: 'unit', unit: 'dic', label: 'Sở TT&TT' }, 'admin-1');
    expect(d.follower.seq).toBe(1);
    expect(d.follower.projection.tokens?.[issued.id]).toMatchObject({ role: 'unit', unit: 'dic', label: 'Sở TT&TT' });
    await tokens.revoke(issued.id, 'admin-1');
    expect(d.follower.seq).toBe(2);
    expect(d.follower.projection.tokens?.[issued.id]?.revokedAt).toBeDefined();
    const [, revoked] = (await d.store.read(0, 10)).events;
    expect(revoked).toMatchObject({ type: 'token.revoked', unit: SYSTEM_UNIT, by: 'admin-1', tokenId: issued.id });
  });
});
