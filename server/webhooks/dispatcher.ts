import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Catalog } from '@shared/catalog';
import type { WebhookConfig } from '@shared/config';
import { SYSTEM_UNIT, type SystemEvent, type WebhookResult } from '@shared/events';
import { deriveAlerts, dueAttempt, type Delivery } from '@shared/projection';
import { appendEvents, type AppendDeps } from '../commands/append';
import { alertChanges } from './changes';
import { webhookMetrics, type WebhookMetrics } from './metrics';
import { postDelivery } from './send';

export interface WebhookSettings {
  /** The first retry waits this long; each next one twice as long as the last, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** A delivery not delivered this long after it was queued is given up. */
  giveUpMs: number;
  /** An attempt without an answer by then has failed. */
  timeoutMs: number;
  /** Requests in flight at once on this node, and per webhook, so one slow receiver cannot hold the others up. */
  concurrency: number;
  perWebhook: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  backoffMs: 10_000,
  maxBackoffMs: 3_600_000,
  giveUpMs: 86_400_000,
  timeoutMs: 10_000,
  concurrency: 4,
  perWebhook: 2,
};

/** How often due retries and clock-driven alerts (overdue at midnight, silent units) are looked at. */
const TICK_MS = 1_000;
/** The least time between two looks, however fast events arrive: a look derives the whole state. */
const MIN_GAP_MS = 250;
/** Beyond two timeouts, how long a claimed attempt may go without a result before its node counts as dead. */
const STALE_MARGIN_MS = 5_000;

export interface DispatcherDeps extends AppendDeps {
  catalog: Catalog;
  secrets: Map<string, string>;
  /** Written as `by` of the events this node writes: which node queued, claimed or finished what. */
  node: () => string;
  logger: Logger;
  registry: Registry;
  settings: WebhookSettings;
}

/**
 * Sends alert changes to the configured webhooks, keeping every step in the log:
 * `webhook.queued` (one per change, deduped across nodes by its id), `webhook.attempted` (a claim:
 * only the node whose append is new makes the call) and `webhook.result`. A restarted node picks
 * up from the log: pending retries at their time, claims left without a result once they are stale.
 */
export class WebhookDispatcher {
  private readonly hooks: Map<string, WebhookConfig>;
  private readonly inFlight = new Map<string, string>();
  private readonly sends = new Set<Promise<void>>();
  private readonly metrics: WebhookMetrics;
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;
  private stopped = false;
  private lastRun = 0;

  constructor(private readonly deps: DispatcherDeps) {
    this.hooks = new Map(deps.catalog.config.webhooks.map((h) => [h.id, h]));
    this.metrics = webhookMetrics(deps.registry, () => (deps.follower.isLoaded ? deps.follower.projection.webhooks : null), [...this.hooks.keys()], () => this.inFlight.size);
  }

  start(): void {
    if (this.hooks.size === 0 || this.timer) return;
    this.deps.follower.on('events', this.kick);
    this.timer = setInterval(this.kick, TICK_MS);
    this.timer.unref();
  }

  /** Stops looking, and waits for the requests in flight (each bounded by the timeout) to record their results. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.deps.follower.off('events', this.kick);
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    await Promise.allSettled([...this.sends]);
  }

  /** Looks again soon: at once unless the last look was under MIN_GAP_MS ago; one look at a time. */
  private readonly kick = (): void => {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const wait = this.lastRun + MIN_GAP_MS - performance.now();
    if (wait > 0) {
      this.soon ??= setTimeout(() => {
        this.soon = null;
        this.kick();
      }, wait);
      return;
    }
    void this.run();
  };

  private async run(): Promise<void> {
    this.running = true;
    this.lastRun = performance.now();
    try {
      if (this.deps.follower.isLoaded && this.deps.store.ready()) {
        await this.queueChanges();
        const nextDue = await this.claimDue();
        // A retry due before the next tick is woken for on time, so backoff gaps are what they say.
        if (nextDue !== null) this.wakeAt(nextDue);
      }
    } catch (err) {
      this.deps.logger.warn({ err }, 'webhooks: store error, retrying');
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    }
  }

  private wakeAt(serverMs: number): void {
    const wait = (serverMs - this.deps.clock.now()) / this.deps.clock.rate;
    if (wait >= TICK_MS || this.soon || this.stopped) return;
    this.soon = setTimeout(
      () => {
        this.soon = null;
        this.kick();
      },
      Math.max(0, wait) + 5,
    );
  }

  /** Server-clock milliseconds for a real duration: the demo's clock runs faster, retries should not. */
  private ms(real: number): number {
    return real * this.deps.clock.rate;
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }

  private async queueChanges(): Promise<void> {
    const { catalog, clock, follower } = this.deps;
    const now = clock.now();
    const projection = follower.projection;
    for (const c of alertChanges(catalog, deriveAlerts(catalog, projection, now), projection.webhooks, now)) {
      await this.append({ id: c.id, type: 'webhook.queued', unit: SYSTEM_UNIT, at: c.at, webhook: c.webhook, event: c.event, alert: c.alert });
    }
  }

  /** Claims and starts every attempt that is due; returns when the next one falls due (server clock), if any. */
  private async claimDue(): Promise<number | null> {
    const { settings, clock, follower, secrets } = this.deps;
    const stale = this.ms(2 * settings.timeoutMs + STALE_MARGIN_MS);
    let nextDue: number | null = null;
    for (const d of Object.values(follower.projection.webhooks.pending)) {
      if (this.stopped || this.inFlight.has(d.id)) continue;
      const now = clock.now();
      const attempt = dueAttempt(d, now, stale);
      if (attempt === null) {
        const due = d.claimedAt !== null ? Date.parse(d.claimedAt) + stale : Date.parse(d.nextAt ?? d.queuedAt);
        nextDue = nextDue === null ? due : Math.min(nextDue, due);
        continue;
      }
      if (now - Date.parse(d.queuedAt) >= this.ms(settings.giveUpMs)) {
        // The same id on every node: one give-up in the log however many nodes notice.
        await this.append({ id: `${d.id}.x`, type: 'webhook.result', unit: SYSTEM_UNIT, at: this.iso(now), delivery: d.id, attempt: Math.max(1, d.attempts), outcome: 'abandoned', error: 'given up: not delivered within a day' });
        continue;
      }
      const hook = this.hooks.get(d.webhook);
      const secret = secrets.get(d.webhook);
      // A webhook taken out of the config: its deliveries wait to be given up.
      if (!hook || !secret) continue;
      if (this.inFlight.size >= settings.concurrency || this.busy(d.webhook) >= settings.perWebhook) continue;
      const claim = await this.append({ id: `${d.id}.a${attempt}`, type: 'webhook.attempted', unit: SYSTEM_UNIT, at: this.iso(now), delivery: d.id, attempt });
      if (claim !== 'new') continue;
      this.inFlight.set(d.id, d.webhook);
      const send = this.send(hook, secret, d, attempt).finally(() => {
        this.inFlight.delete(d.id);
        this.sends.delete(send);
        this.kick();
      });
      this.sends.add(send);
    }
    return nextDue;
  }

  private busy(webhook: string): number {
    let n = 0;
    for (const w of this.inFlight.values()) if (w === webhook) n += 1;
    return n;
  }

  private async send(hook: WebhookConfig, secret: string, d: Delivery, attempt: number): Promise<void> {
    const { settings, clock, logger } = this.deps;
    const result = await postDelivery(hook.url, secret, d, settings.timeoutMs);
    this.metrics.attempts.inc({ webhook: hook.id, result: result.ok ? 'delivered' : 'failed' });
    const now = clock.now();
    let outcome: WebhookResult['outcome'] = result.ok ? 'delivered' : 'failed';
    let nextAt: string | undefined;
    if (!result.ok) {
      const next = now + this.ms(Math.min(settings.backoffMs * 2 ** (attempt - 1), settings.maxBackoffMs));
      if (next - Date.parse(d.queuedAt) >= this.ms(settings.giveUpMs)) outcome = 'abandoned';
      else nextAt = this.iso(next);
    }
    if (!result.ok) logger.warn({ webhook: hook.id, delivery: d.id, attempt, status: result.status, error: result.error, nextAt }, 'webhook attempt failed');
    const event: SystemEvent = {
      id: `${d.id}.r${attempt}`,
      type: 'webhook.result',
      unit: SYSTEM_UNIT,
      at: this.iso(now),
      delivery: d.id,
      attempt,
      outcome,
      ...(result.status !== undefined ? { status: result.status } : {}),
      ...(result.error !== undefined ? { error: result.error } : {}),
      ...(nextAt ? { nextAt } : {}),
    };
    // Until the result is in the log, the claim looks alive; past the stale time another node would try again.
    for (let tries = 1; ; tries++) {
      try {
        await this.append(event);
        return;
      } catch (err) {
        if (this.stopped && tries >= 3) {
          logger.error({ err, delivery: d.id, attempt }, 'webhooks: could not record an attempt before stopping');
          return;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /**
   * Appends one server-written event and applies it here at once. 'new' when this call stored it;
   * 'exists' when the log had that id already (another node, or an earlier try of this one).
   */
  private async append(event: SystemEvent): Promise<'new' | 'exists'> {
    const outcome = await appendEvents(this.deps, `server:${this.deps.node()}`, [event]);
    // A conflict is the same id written by another node with other content (its own clock in `at`).
    return outcome.ok && !outcome.results[0]!.duplicate ? 'new' : 'exists';
  }
}
