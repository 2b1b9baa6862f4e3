import { createHash } from 'node:crypto';
import { isWithin, localized, type Catalog } from '@shared/catalog';
import type { WebhookConfig } from '@shared/config';
import type { AlertPayload, WebhookQueued } from '@shared/events';
import { notifiedKey, parseAlertId, type Alert, type WebhookLedger } from '@shared/projection';

/** A notification to queue: the fields of a `webhook.queued` event. */
export interface AlertChange {
  id: string;
  webhook: string;
  event: WebhookQueued['event'];
  alert: AlertPayload;
  at: string;
}

/**
 * The delivery id of one notification: the same on every node that computes the same change, so
 * the log's (unit, id) dedupe keeps one `webhook.queued` however many nodes queue it.
 */
export function deliveryId(webhook: string, alertId: string, event: WebhookQueued['event'], since: string): string {
  return `d-${createHash('sha256').update(`${webhook}\n${alertId}\n${event}\n${since}`).digest('hex').slice(0, 32)}`;
}

/** An alert as a webhook sends it, built from its id and `since` alone (a cleared alert is no longer derived). */
export function alertPayload(catalog: Catalog, alertId: string, since: string): AlertPayload | null {
  const parsed = parseAlertId(alertId);
  if (!parsed) return null;
  const { kind, subject } = parsed;
  const locale = catalog.config.defaultLocale;
  const text = (t: Record<string, string> | undefined) => localized(t, locale, locale);
  // Keys in one fixed order: the queued event's content, hence its dedupe hash, is the same on every node.
  const base = { id: alertId, kind, subject, since: new Date(since).toISOString() };
  if (kind === 'overdue') {
    const item = catalog.items.get(subject);
    if (!item) return null;
    return { ...base, name: text(item.title), lead: item.lead, ...(item.official ? { official: text(item.official) } : {}) };
  }
  if (kind === 'indicator_bad') {
    const indicator = catalog.indicators.get(subject);
    return indicator ? { ...base, name: text(indicator.name) } : null;
  }
  const unit = catalog.units.get(subject);
  return unit ? { ...base, name: text(unit.name) } : null;
}

/** Whether a webhook wants an alert: its kind, and (when the webhook names units) a unit it is about. */
export function wants(catalog: Catalog, hook: WebhookConfig, alert: Pick<AlertPayload, 'kind' | 'subject'>): boolean {
  if (!hook.kinds.includes(alert.kind)) return false;
  if (!hook.units) return true;
  const about = alert.kind === 'overdue' ? catalog.items.get(alert.subject)?.lead : alert.kind === 'unit_silent' || alert.kind === 'data_quality' ? alert.subject : undefined;
  return about !== undefined && hook.units.some((u) => isWithin(catalog, about, u));
}

/**
 * What each webhook has not been told yet: alerts active now whose firing it was not notified of,
 * and firings it was notified of that are no longer active. The baseline is the log itself
 * (`ledger.notified`), so a restarted node neither repeats nor misses a change.
 */
export function alertChanges(catalog: Catalog, active: Alert[], ledger: WebhookLedger, now: number): AlertChange[] {
  const changes: AlertChange[] = [];
  const at = new Date(now).toISOString();
  for (const hook of catalog.config.webhooks) {
    const live = new Set<string>();
    for (const alert of active) {
      if (!wants(catalog, hook, alert)) continue;
      live.add(alert.id);
      const told = ledger.notified[notifiedKey(hook.id, alert.id)];
      if (told === alert.since) continue;
      // It cleared and fired again between two looks: the receiver hears both, in order.
      const old = told === undefined ? null : alertPayload(catalog, alert.id, told);
      if (old && told !== undefined) changes.push({ id: deliveryId(hook.id, alert.id, 'alert.cleared', told), webhook: hook.id, event: 'alert.cleared', alert: old, at });
      const payload = alertPayload(catalog, alert.id, alert.since);
      if (payload) changes.push({ id: deliveryId(hook.id, alert.id, 'alert.fired', alert.since), webhook: hook.id, event: 'alert.fired', alert: payload, at: payload.since });
    }
    const prefix = notifiedKey(hook.id, '');
    for (const [key, since] of Object.entries(ledger.notified)) {
      if (!key.startsWith(prefix)) continue;
      const alertId = key.slice(prefix.length);
      if (live.has(alertId)) continue;
      const payload = alertPayload(catalog, alertId, since);
      if (payload) changes.push({ id: deliveryId(hook.id, alertId, 'alert.cleared', since), webhook: hook.id, event: 'alert.cleared', alert: payload, at });
    }
  }
  return changes;
}
