import { wallNow } from './stats';

export interface WriteRun {
  acks: [number, number][];
  failed: number;
}

let serial = 0;

/**
 * Writes note events at a steady rate for `seconds`, recording for each seq when it was
 * acknowledged, or with `from: 'send'` when its request went out: both servers acknowledge a
 * write after sending it to their displays, so time from the ack leaves out a request's wait in
 * a server too busy to take it; from the send, that wait counts.
 */
export async function writeAtRate(url: string, token: string, options: { eventsPerSecond: number; batch: number; seconds: number; tag: string; from?: 'ack' | 'send' }): Promise<WriteRun> {
  const acks: [number, number][] = [];
  let failed = 0;
  const interval = (options.batch / options.eventsPerSecond) * 1000;
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; performance.now() - started < options.seconds * 1000; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const events = Array.from({ length: options.batch }, () => ({ id: `${options.tag}-${++serial}`, type: 'note.posted', unit: 'dic', at: new Date().toISOString(), text: 'bench', severity: 'info' }));
    const sentAt = wallNow();
    const request = fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(options.batch === 1 ? events[0] : { events }),
    })
      .then(async (res) => {
        const now = options.from === 'send' ? sentAt : wallNow();
        if (res.status !== 202) {
          failed += options.batch;
          return;
        }
        const body = (await res.json()) as { accepted: { seq: number }[] };
        for (const a of body.accepted) acks.push([a.seq, now]);
      })
      .catch(() => {
        failed += options.batch;
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
    if (inFlight.size > 64) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return { acks, failed };
}

/** Writes `total` events as fast as `concurrency` requests of `batch` allow. */
export async function writeMany(url: string, token: string, total: number, batch = 500, concurrency = 8, tag = 'fill'): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const start = next;
      next += batch;
      const events = Array.from({ length: Math.min(batch, total - start) }, (_, i) => ({ id: `${tag}-${start + i}`, type: 'note.posted', unit: 'dic', at: new Date().toISOString(), text: `fill ${start + i}`, severity: 'info' }));
      for (;;) {
        const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ events }) });
        await res.arrayBuffer();
        if (res.status === 202) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
