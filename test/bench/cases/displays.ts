import { emptyHistogram, merge, summarize, type LatencySummary } from '../lib/stats';
import { startWorker, type Worker } from '../lib/procs';

type DisplayMessage = { type: 'ready'; connected: number } | { type: 'report'; histogram: number[]; missing: number } | { type: 'cleared' };

/**
 * Display processes connected to one server, `perProcess` sockets each. One process decodes
 * its sockets' messages one after another, so fewer per process measures the server, not that queue.
 */
export class DisplayFleet {
  private workers: Worker<DisplayMessage>[] = [];
  count = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly perProcess = 1_000,
  ) {}

  async grow(to: number): Promise<void> {
    while (this.count < to) {
      const n = Math.min(this.perProcess, to - this.count);
      const worker = startWorker<DisplayMessage>('workers/displays.ts', [this.url, this.token, String(n)]);
      const ready = await worker.next();
      if (ready.type !== 'ready' || ready.connected !== n) throw new Error(`only ${ready.type === 'ready' ? ready.connected : 0} of ${n} displays connected`);
      this.workers.push(worker);
      this.count += n;
    }
  }

  async clear(): Promise<void> {
    for (const w of this.workers) w.send({ type: 'clear' });
    await Promise.all(this.workers.map((w) => w.next()));
  }

  /** Latency from each acknowledgement to its arrival at every display. */
  async latency(acks: [number, number][]): Promise<LatencySummary & { missing: number }> {
    for (const w of this.workers) w.send({ type: 'report', acks });
    const reports = await Promise.all(this.workers.map((w) => w.next()));
    const h = emptyHistogram();
    let missing = 0;
    for (const r of reports) {
      if (r.type !== 'report') continue;
      merge(h, r.histogram);
      missing += r.missing;
    }
    return { ...summarize(h), missing };
  }

  async close(): Promise<void> {
    for (const w of this.workers) w.send({ type: 'close' });
    await Promise.all(this.workers.map((w) => w.stop()));
    this.workers = [];
    this.count = 0;
  }
}
