import { Counter, Gauge, type Registry } from 'prom-client';
import type { WebhookLedger } from '@shared/projection';

/**
 * Webhook figures for /metrics. The gauges are read from the log's delivery ledger when scraped,
 * so every node reports the same totals; the attempt counter is this node's own.
 */
export function webhookMetrics(registry: Registry, ledger: () => WebhookLedger | null, webhooks: string[], inFlight: () => number) {
  const registers = [registry];
  const perHook = (fill: (ledger: WebhookLedger, webhook: string) => number | null) =>
    function collect(this: Gauge<'webhook'>) {
      this.reset();
      const l = ledger();
      if (!l) return;
      for (const webhook of webhooks) {
        const value = fill(l, webhook);
        if (value !== null) this.set({ webhook }, value);
      }
    };
  const pendingOf = (l: WebhookLedger, webhook: string) => Object.values(l.pending).filter((d) => d.webhook === webhook);
  const seconds = (iso: string | null | undefined) => (iso ? Date.parse(iso) / 1000 : null);

  new Gauge({ name: 'ioc_webhook_pending', help: 'Deliveries not yet delivered or given up, per webhook', labelNames: ['webhook'], registers, collect: perHook((l, w) => pendingOf(l, w).length) });
  new Gauge({ name: 'ioc_webhook_delivered', help: 'Deliveries a receiver answered with 2xx, per webhook (whole log)', labelNames: ['webhook'], registers, collect: perHook((l, w) => l.stats[w]?.delivered ?? 0) });
  new Gauge({ name: 'ioc_webhook_abandoned', help: 'Deliveries given up after a day of retries, per webhook (whole log)', labelNames: ['webhook'], registers, collect: perHook((l, w) => l.stats[w]?.abandoned ?? 0) });
  new Gauge({ name: 'ioc_webhook_failed_attempts', help: 'Attempts that failed (not 2xx, no answer), per webhook (whole log)', labelNames: ['webhook'], registers, collect: perHook((l, w) => l.stats[w]?.failedAttempts ?? 0) });
  new Gauge({ name: 'ioc_webhook_last_attempt_timestamp_seconds', help: 'When the latest attempt started (server clock)', labelNames: ['webhook'], registers, collect: perHook((l, w) => seconds(l.stats[w]?.lastAttemptAt)) });
  new Gauge({ name: 'ioc_webhook_last_status', help: "The receiver's HTTP status on the latest finished attempt; 0 when it did not answer", labelNames: ['webhook'], registers, collect: perHook((l, w) => (l.stats[w]?.lastOutcome ? (l.stats[w]?.lastStatus ?? 0) : null)) });
  new Gauge({
    name: 'ioc_webhook_next_retry_timestamp_seconds',
    help: 'When the earliest retry of a failed delivery is due (server clock)',
    labelNames: ['webhook'],
    registers,
    collect: perHook((l, w) => {
      const next = pendingOf(l, w).filter((d) => d.attempts > 0 && d.claimedAt === null && d.nextAt !== null).map((d) => Date.parse(d.nextAt!));
      return next.length ? Math.min(...next) / 1000 : null;
    }),
  });
  new Gauge({
    name: 'ioc_webhook_in_flight',
    help: 'Webhook requests this node is waiting on',
    registers,
    collect(this: Gauge) {
      this.set(inFlight());
    },
  });
  return {
    attempts: new Counter({ name: 'ioc_webhook_attempts_total', help: 'Webhook attempts this node made, by result', labelNames: ['webhook', 'result'], registers }),
  };
}
export type WebhookMetrics = ReturnType<typeof webhookMetrics>;
