import type { StoredWrite } from '@shared/events';
import { formatIndicatorValue } from '@shared/format';
import { parseAlertId, type Alert } from '@shared/projection';
import { fill } from '../i18n';
import type { Lang } from '../i18n/lang';

/** One line for the ticker, in the display language. */
export function describeEvent(e: StoredWrite, lang: Lang): string {
  const { t, names, catalog } = lang;
  switch (e.type) {
    case 'indicator.reported': {
      const ind = catalog.indicators.get(e.indicator);
      const scope = e.scope && e.scope !== e.unit ? ` (${names.unit(e.scope)})` : '';
      return fill(t.ev_indicator, { unit: names.unit(e.unit) + scope, indicator: names.indicator(e.indicator), value: ind ? formatIndicatorValue(ind, e.value, t.locale) : String(e.value) });
    }
    case 'progress.reported':
      return fill(t.ev_progress, { unit: names.unit(e.unit), item: names.item(e.item), status: t[`status_${e.status}`], percent: e.percent === undefined ? '' : `${e.percent}%` }).trim();
    case 'note.posted':
      return fill(t.ev_note, { unit: names.unit(e.unit), text: e.text });
    case 'alert.acknowledged': {
      const alert = parseAlertId(e.alert);
      return fill(t.ev_ack, { alert: alert ? describeAlert({ id: e.alert, ...alert, since: e.at, acknowledged: true }, lang) : e.alert });
    }
    case 'briefing.marked':
      return fill(t.ev_briefing, { title: e.title });
    default:
      // Commands to the walls and webhook bookkeeping never reach the ticker.
      return '';
  }
}

/** An alert as a sentence: what, about whom. */
export function describeAlert(alert: Alert, { t, names }: Lang): string {
  const subject = alert.kind === 'overdue' ? names.item(alert.subject) : alert.kind === 'indicator_bad' ? names.indicator(alert.subject) : names.unit(alert.subject);
  return fill(t[`alert_${alert.kind}`], { subject });
}
