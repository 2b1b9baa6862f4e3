import type { EventType, StoredWrite } from '@shared/events';
import { formatIndicatorValue } from '@shared/format';
import { parseAlertId, type Alert } from '@shared/projection';
import { fill } from '../i18n';
import type { Lang } from '../i18n/lang';

type Write<T extends EventType> = Extract<StoredWrite, { type: T }>;
/**
 * The ticker's line for each producer event type, in the display language; null for a type that
 * never reaches the ticker. One entry per type of `EVENT_SCHEMAS`: a new type without one is a
 * type error here.
 */
type TickerLines = { [T in EventType]: ((e: Write<T>, lang: Lang) => string) | null };

const LINES: TickerLines = {
  'indicator.reported': (e, { t, names, catalog }) => {
    const ind = catalog.indicators.get(e.indicator);
    const scope = e.scope && e.scope !== e.unit ? ` (${names.unit(e.scope)})` : '';
    return fill(t.ev_indicator, { unit: names.unit(e.unit) + scope, indicator: names.indicator(e.indicator), value: ind ? formatIndicatorValue(ind, e.value, t.locale) : String(e.value) });
  },
  'progress.reported': (e, { t, names }) =>
    fill(t.ev_progress, { unit: names.unit(e.unit), item: names.item(e.item), status: t[`status_${e.status}`], percent: e.percent === undefined ? '' : `${e.percent}%` }).trim(),
  'note.posted': (e, { t, names }) => fill(t.ev_note, { unit: names.unit(e.unit), text: e.text }),
  'alert.acknowledged': (e, lang) => {
    const alert = parseAlertId(e.alert);
    return fill(lang.t.ev_ack, { alert: alert ? describeAlert({ id: e.alert, ...alert, since: e.at, acknowledged: true }, lang) : e.alert });
  },
  'briefing.marked': (e, { t }) => fill(t.ev_briefing, { title: e.title }),
  // Commands to the walls are not news: they never reach the ticker.
  'display.command': null,
};

/** One line for the ticker, in the display language; empty for a type that never reaches it. */
export function describeEvent(e: StoredWrite, lang: Lang): string {
  return lineOf(e.type, e, lang) ?? '';
}
function lineOf<T extends EventType>(type: T, e: Write<T>, lang: Lang): string | null {
  return LINES[type]?.(e, lang) ?? null;
}

/** An alert as a sentence: what, about whom. */
export function describeAlert(alert: Alert, lang: Lang): string {
  const { t, names } = lang;
  if (alert.kind === 'data_quality') return describeQuality(alert.id, lang);
  const subject = alert.kind === 'overdue' ? names.item(alert.subject) : alert.kind === 'indicator_bad' ? names.indicator(alert.subject) : names.unit(alert.subject);
  return fill(t[`alert_${alert.kind}`], { subject });
}

/** A data-quality alert (`quality:<unit>:seq<N>` or `quality:<unit>:<indicator>:<day>`): which event, or which figure of which day. */
function describeQuality(id: string, { t, names, catalog }: Lang): string {
  const [, unit = '', detail = '', day = ''] = id.split(':');
  const subject = names.unit(unit);
  if (detail.startsWith('seq')) return fill(t.alert_data_quality_invalid, { subject, seq: detail.slice(3) });
  const kind = catalog.indicators.get(detail)?.kind;
  if (!kind || !day) return fill(t.alert_data_quality, { subject });
  const shown = { subject, indicator: names.indicator(detail), day: day.split('-').reverse().join('/') };
  return fill(kind === 'ratio' ? t.alert_data_quality_above : t.alert_data_quality_parts, shown);
}
