import type { Logger } from 'pino';
import type { UpstreamHealth } from '@shared/admin';
import type { Catalog } from '@shared/catalog';
import { localDay, nextDay, startOfLocalDay } from '@shared/time';
import type { Clock } from '../clock';
import type { LogFollower } from '../log/follower';
import type { Ledger, LedgerState, QueuedEvent } from './ledger';
import { deliver, readShape } from './client';
import type { UpstreamMetrics } from './metrics';
import { readings, reissuedId, upstreamId } from './values';

export interface UpstreamSettings {
  /** The upstream deployment's base URL (IOC_UPSTREAM_URL). */
  url: string;
  /** The unit token this deployment holds there (IOC_UPSTREAM_TOKEN). */
  token: string;
  /** Seconds between rounds (IOC_UPSTREAM_EVERY); a round also runs just after each local midnight. */
  everySeconds: number;
}

/** The most events in one POST (the API's limit). */
const BATCH = 500;
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** Counter days kept in the ledger: past this the upstream refuses a period anyway (its keepDays). */
const LEDGER_DAYS = 400;

/**
 * Reports this deployment's totals to its roll-up deployment through that deployment's public
 * API: every `everySeconds`, the values that changed since they were last queued are queued
 * (durably, in the ledger) as events with `at` = now and ids from (deployment, indicator, period,
 * source seq); then the queue is delivered in order, retried with backoff while the upstream is
 * unreachable. Only what is acknowledged leaves the queue.
 */
export class UpstreamReporter {
  private state: LedgerState | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private backoffMs = 0;
  private readonly status: UpstreamHealth;

  constructor(
    private readonly settings: UpstreamSettings,
    private readonly deps: { catalog: Catalog; follower: LogFollower; clock: Clock; ledger: Ledger; logger: Logger; metrics: UpstreamMetrics; node: () => string },
  ) {
    this.status = { url: settings.url, reporting: false, queued: 0, lagSeconds: 0, lastRoundAt: null, lastDeliveredAt: null, lastError: null, delivered: 0, resent: 0, dropped: 0 };
    deps.metrics.onCollect(() => this.snapshotStatus());
  }

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One round now (queue what changed, deliver the queue); resolves when it is done. */
  round(): Promise<void> {
    this.running = this.running.then(() => this.runRound()).catch((err: unknown) => this.failed(err));
    return this.running;
  }

  snapshotStatus(): UpstreamHealth {
    const oldest = this.state?.queue[0];
    this.status.queued = this.state?.queue.length ?? 0;
    this.status.lagSeconds = oldest ? Math.max(0, Math.round((Date.now() - Date.parse(oldest.at)) / 1_000)) : 0;
    return { ...this.status };
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.round().then(() => this.schedule(this.nextDelay()));
    }, ms);
    this.timer.unref();
  }

  /** The next round: after the backoff when delivery failed, else at the period or just after local midnight, whichever is first. */
  private nextDelay(): number {
    if (this.backoffMs) return this.backoffMs;
    const { clock, catalog } = this.deps;
    const tz = catalog.config.province.timeZone;
    const midnight = startOfLocalDay(nextDay(localDay(clock.now(), tz)), tz);
    const untilDayEnd = (midnight - clock.now()) / clock.rate + 1_000;
    return Math.max(100, Math.min(this.settings.everySeconds * 1_000, untilDayEnd));
  }

  private async runRound(): Promise<void> {
    const { follower, ledger, clock, catalog } = this.deps;
    if (!(await ledger.claim(this.deps.node()))) {
      this.status.reporting = false;
      this.state = null;
      return;
    }
    this.status.reporting = true;
    // Another node may have reported meanwhile: the stored ledger is the truth after a claim.
    const state = this.state ?? (this.state = await ledger.load());
    const shape = await readShape(this.settings).catch(() => null);
    if (shape) state.shape = shape;
    const epoch = follower.epoch;
    if (follower.isLoaded && epoch !== null) {
      const now = clock.now();
      const at = new Date(now).toISOString();
      const deployment = catalog.config.province.id;
      let queued = 0;
      for (const r of readings(catalog, follower.projection, now, state.shape)) {
        if (state.sent[r.key] === r.fingerprint) continue;
        state.sent[r.key] = r.fingerprint;
        state.queue.push({ id: upstreamId(deployment, r, epoch, follower.seq), at, ...r.fields });
        queued += 1;
      }
      this.forgetOldDays(state, now);
      // Durable before anything is sent: a crash now resends these same events, never new ones for the same values.
      if (queued) await ledger.save(state);
      this.status.lastRoundAt = new Date().toISOString();
    }
    await this.drain(state);
  }

  private async drain(state: LedgerState): Promise<void> {
    const { ledger, metrics } = this.deps;
    while (state.queue.length && !this.stopped) {
      const batch = state.queue.slice(0, BATCH);
      const outcome = await deliver(this.settings, state.shape?.unit, batch);
      if (outcome.kind === 'delivered') {
        // The status first: the queue in memory is already shorter, and a health read may come during the save.
        state.queue.splice(0, batch.length);
        metrics.delivered.inc(batch.length);
        this.status.delivered += batch.length;
        this.status.lastDeliveredAt = new Date().toISOString();
        this.status.lastError = null;
        this.backoffMs = 0;
        await ledger.save(state);
        continue;
      }
      // A refusal that names none of the batch's events cannot be acted on: it waits like a failure.
      if (outcome.kind === 'refused' && outcome.indexes.some((i) => i >= 0 && i < batch.length)) {
        state.queue.splice(0, batch.length, ...this.refused(batch, outcome.indexes, outcome.code, outcome.reason));
        await ledger.save(state);
        continue;
      }
      this.status.lastError = outcome.reason;
      this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs ? this.backoffMs * 2 : FIRST_BACKOFF_MS);
      if (outcome.kind === 'failed' && outcome.retryAfterMs) this.backoffMs = Math.max(this.backoffMs, outcome.retryAfterMs);
      metrics.failures.inc();
      return;
    }
  }

  /**
   * What stays of a batch the upstream refused some events of. An id it holds with other content
   * (409): the value is still this deployment's, so it goes again under an id from its content.
   * Refused for what it says (400: a period outside the upstream's window): retrying cannot help,
   * it is dropped. Either is logged and counted; the rest of the batch goes on.
   */
  private refused(batch: QueuedEvent[], indexes: number[], code: string, reason: string): QueuedEvent[] {
    const { logger, metrics } = this.deps;
    const named = new Set(indexes);
    const kept: QueuedEvent[] = [];
    for (const [i, event] of batch.entries()) {
      if (!named.has(i)) {
        kept.push(event);
        continue;
      }
      const id = code === 'id_conflict' ? reissuedId(event) : null;
      if (id) {
        logger.warn({ event, reason, id }, 'upstream: id held there with other content, sent again under a new id');
        metrics.conflicts.inc();
        this.status.resent += 1;
        kept.push({ ...event, id });
      } else {
        logger.warn({ event, reason }, 'upstream: event refused, dropped');
        metrics.dropped.inc();
        this.status.dropped += 1;
      }
    }
    return kept;
  }

  private forgetOldDays(state: LedgerState, now: number): void {
    const oldest = localDay(now - LEDGER_DAYS * 86_400_000, this.deps.catalog.config.province.timeZone);
    for (const key of Object.keys(state.sent)) {
      const period = key.startsWith('c:') ? key.slice(key.lastIndexOf(':') + 1) : null;
      if (period !== null && period < oldest) delete state.sent[key];
    }
  }

  private failed(err: unknown): void {
    this.status.lastError = err instanceof Error ? err.message : String(err);
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs ? this.backoffMs * 2 : FIRST_BACKOFF_MS);
    this.deps.logger.warn({ err }, 'upstream: round failed');
  }
}
