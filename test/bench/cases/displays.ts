import { emptyHistogram, merge, summarize, type LatencySummary } from '../lib/stats';
import { cpuMs } from '../lib/probes';
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

  /** Up to `to` displays: the new processes start together, each connecting its own in waves. */
  async grow(to: number): Promise<void> {
    const sizes: number[] = [];
    for (let at = this.count; at < to; at += sizes.at(-1)!) sizes.push(Math.min(this.perProcess, to - at));
    const started = sizes.map((n) => ({ n, worker: startWorker<DisplayMessage>('workers/displays.ts', [this.url, this.token, String(n)]) }));
    this.workers.push(...started.map((s) => s.worker));
    const ready = await Promise.all(started.map((s) => s.worker.next()));
    ready.forEach((r, i) => {
      const n = started[i]!.n;
      if (r.type !== 'ready' || r.connected !== n) throw new Error(`only ${r.type === 'ready' ? r.connected : 0} of ${n} displays connected`);
      this.count += n;
    });
  }

  /** CPU time the display processes have used so far (ms): they share the machine with the server. */
  cpuMs(): number {
    return this.workers.reduce((n, w) => n + cpuMs(w.proc.pid!), 0);
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

  /**
   * latency() once every display holds every acknowledged event, or once `withinMs` have passed
   * (what is still missing then counts as missing): waiting the whole time only when something is late.
   */
  async settled(acks: [number, number][], withinMs: number): Promise<LatencySummary & { missing: number }> {
    const deadline = performance.now() + withinMs;
    for (;;) {
      const summary = await this.latency(acks);
      const left = deadline - performance.now();
      if (summary.missing === 0 || left <= 0) return summary;
      await new Promise((r) => setTimeout(r, Math.min(100, left)));
    }
  }

  async close(): Promise<void> {
    for (const w of this.workers) w.send({ type: 'close' });
    await Promise.all(this.workers.map((w) => w.stop()));
    this.workers = [];
    this.count = 0;
  }
}
