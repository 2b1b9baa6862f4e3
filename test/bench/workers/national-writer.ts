// Replays the working day of some provinces' communes against their deployments, each commune
// with its own unit token, on a compressed clock. Open loop: a request goes out when it is due
// (or as soon as fewer than `maxInFlight` are pending); it reports what was accepted when.
import { PROVINCES_2025 } from '../../../server/config/national';
import { nationalDay, PEAK_FROM, WIDE_BUCKET_MS, WIDE_BUCKETS } from '../lib/national-day';
import { emptyHistogram, record, wallNow } from '../lib/stats';

export interface WriterJob {
  provinces: string[];
  period: string;
  /** Wall time (ms) at which 08:00 is replayed. */
  startAt: number;
  /** Simulated seconds per real second. */
  compression: number;
  maxInFlight: number;
  targets: Record<string, { url: string; tokens: Record<string, string> }>;
}

export interface WriterReport {
  /** Request latency (ms) before the end-of-day window and in it. */
  histograms: { hours: number[]; peak: number[] };
  /** Events acknowledged in each wall second since `startAt`. */
  acceptedPerSecond: number[];
  sent: number;
  accepted: number;
  failed: number;
  /** Answers by status (0: a network error), retries included. */
  statuses: Record<string, number>;
  retries: number;
  /** Network errors by message. */
  errors: Record<string, number>;
  /** Attempts the transport refused before any HTTP answer: the connection reset or closed by the other side. */
  transportRefused: number;
  /** The latest a request went out after it was due, in ms. */
  maxLagMs: number;
  /** Wall time of the last acknowledgement. */
  endedAt: number;
}

const RETRIES = 5;

/** A reset or closed connection (undici's `other side closed`, ECONNRESET, EPIPE, `socket hang up`), as against any other failure. */
function refusedByTransport(err: unknown): boolean {
  const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  const message = typeof cause?.message === 'string' ? cause.message : '';
  return ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(code) || /other side closed|socket hang up|ECONNRESET/.test(message);
}

/**
 * POSTs one commune's events as its system would: a network error or a 503 is retried with the
 * same ids (the API answers a stored one as a duplicate). The final status, or 0.
 */
async function post(url: string, token: string, events: Record<string, unknown>[], report: WriterReport): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    let status = 0;
    try {
      const res = await fetch(`${url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ events }),
      });
      await res.arrayBuffer();
      status = res.status;
    } catch (err) {
      const reason = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
      report.errors[reason] = (report.errors[reason] ?? 0) + 1;
      if (refusedByTransport(err)) report.transportRefused += 1;
    }
    report.statuses[status] = (report.statuses[status] ?? 0) + 1;
    if ((status !== 0 && status !== 503) || attempt === RETRIES) return status;
    report.retries += 1;
    await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
  }
}

async function replay(job: WriterJob): Promise<WriterReport> {
  const requests = nationalDay(
    PROVINCES_2025.filter((p) => job.provinces.includes(p.id)),
    job.period,
  );
  const provinceOf = (commune: string) => commune.slice(0, commune.lastIndexOf('-c'));
  const report: WriterReport = { histograms: { hours: emptyHistogram(WIDE_BUCKETS), peak: emptyHistogram(WIDE_BUCKETS) }, acceptedPerSecond: [], sent: 0, accepted: 0, failed: 0, statuses: {}, retries: 0, errors: {}, transportRefused: 0, maxLagMs: 0, endedAt: 0 };
  const inFlight = new Set<Promise<void>>();
  for (const r of requests) {
    const due = job.startAt + (r.at * 1_000) / job.compression;
    const wait = due - wallNow();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    while (inFlight.size >= job.maxInFlight) await Promise.race(inFlight);
    const sentAt = wallNow();
    report.maxLagMs = Math.max(report.maxLagMs, sentAt - due);
    const target = job.targets[provinceOf(r.commune)]!;
    const at = new Date().toISOString();
    const events = r.events.map((e) => ({ ...e, at }));
    report.sent += events.length;
    const request = post(target.url, target.tokens[r.commune]!, events, report)
      .then((status) => {
        const now = wallNow();
        if (status !== 202) {
          report.failed += events.length;
          return;
        }
        record(r.at >= PEAK_FROM ? report.histograms.peak : report.histograms.hours, now - sentAt, WIDE_BUCKET_MS);
        report.accepted += events.length;
        const second = Math.max(0, Math.floor((now - job.startAt) / 1_000));
        report.acceptedPerSecond[second] = (report.acceptedPerSecond[second] ?? 0) + events.length;
        report.endedAt = Math.max(report.endedAt, now);
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  }
  await Promise.all(inFlight);
  report.acceptedPerSecond = Array.from(report.acceptedPerSecond, (n) => n ?? 0);
  return report;
}

process.on('message', (raw) => {
  replay(raw as WriterJob).then(
    (report) => process.send?.(report),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});
process.send?.({ ready: true });
