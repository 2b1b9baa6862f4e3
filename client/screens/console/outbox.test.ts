import { describe, expect, it } from 'vitest';
import type { IocEvent } from '@shared/events';
import { MemoryStorage } from '../../data/memoryStorage';
import type { WriteResult } from '../../data/unitApi';
import { Outbox } from './outbox';

const note = (id: string): IocEvent => ({ id, type: 'note.posted', unit: 'dic', at: '2024-04-02T07:00:00Z', text: id, severity: 'info' });

/** A server that is down until `up` is set, and stores each id once (as the real one dedupes). */
function server() {
  const stored = new Map<string, number>();
  const sent: string[][] = [];
  const s = {
    up: false,
    stored,
    sent,
    send: async (events: IocEvent[]): Promise<WriteResult> => {
      sent.push(events.map((e) => e.id));
      if (!s.up) return { ok: false, kind: 'retry', reason: 'offline', retryAfterMs: null };
      const accepted = events.filter((e) => !stored.has(e.id)).map((e) => {
        stored.set(e.id, stored.size + 1);
        return { id: e.id, seq: stored.size };
      });
      return { ok: true, answer: { accepted, duplicates: events.filter((e) => !accepted.some((a) => a.id === e.id)).map((e) => ({ id: e.id, seq: stored.get(e.id)! })) } };
    },
  };
  return s;
}

describe('Outbox', () => {
  it('keeps a submission made offline across a reload and sends it once, with the same ids, when the server is back', async () => {
    const storage = new MemoryStorage();
    const srv = server();
    const first = new Outbox({ storage, key: 'ob', send: srv.send });
    expect(await first.submit('note', [note('n1')])!.outcome).toMatchObject({ state: 'waiting', failure: { reason: 'offline' } });
    first.stop();
    // A reload: a new outbox on the same storage.
    const second = new Outbox({ storage, key: 'ob', send: srv.send });
    expect(second.entries().map((e) => e.events[0]!.id)).toEqual(['n1']);
    srv.up = true;
    await second.flush();
    await second.flush();
    expect(second.entries()).toEqual([]);
    expect([...srv.stored.keys()]).toEqual(['n1']);
    expect(srv.sent.every((ids) => ids.join() === 'n1')).toBe(true);
    second.stop();
  });

  it('sends in order and takes a refused submission out with its details', async () => {
    const sent: string[] = [];
    const outbox = new Outbox({
      storage: new MemoryStorage(),
      key: 'ob',
      send: async (events) => {
        sent.push(events[0]!.id);
        return events[0]!.id === 'bad'
          ? { ok: false, kind: 'refused', code: 'invalid_event', message: 'no', details: [{ path: 'events.0.text', message: 'too long' }] }
          : { ok: true, answer: { accepted: [{ id: events[0]!.id, seq: sent.length }], duplicates: [] } };
      },
    });
    const [a, b, c] = await Promise.all(['a', 'bad', 'c'].map((id) => outbox.submit(id, [note(id)])!.outcome));
    expect(a).toMatchObject({ state: 'stored' });
    expect(b).toMatchObject({ state: 'refused', failure: { details: [{ path: 'events.0.text' }] } });
    expect(c).toMatchObject({ state: 'stored' });
    expect(sent).toEqual(['a', 'bad', 'c']);
    expect(outbox.entries()).toEqual([]);
    outbox.stop();
  });
});
