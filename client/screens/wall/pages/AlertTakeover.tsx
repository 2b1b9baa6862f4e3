import { memo } from 'react';
import { formatDate, formatTime } from '@shared/format';
import type { Alert } from '@shared/projection';
import { fill } from '../../../i18n';
import type { Lang } from '../../../i18n/lang';
import { describeAlert } from '../../../panels/describe';

/** A new alert holds the whole screen for a while, so nobody in the room misses it. */
export const AlertTakeover = memo(function AlertTakeover({ alert, lang }: { alert: Alert; lang: Lang }) {
  const { t, timeZone } = lang;
  const since = Date.parse(alert.since);
  return (
    <div className="page takeover" data-testid="takeover" data-alert={alert.id}>
      <div className="takeover-label">{t.newAlert}</div>
      <div className="takeover-text">{describeAlert(alert, lang)}</div>
      <div className="takeover-since">{fill(t.since, { time: `${formatTime(since, t.locale, timeZone)} ${formatDate(since, t.locale, timeZone)}` })}</div>
    </div>
  );
});
