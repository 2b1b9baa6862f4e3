import { memo } from 'react';
import { formatDate, formatTime } from '@shared/format';
import { fill } from '../../i18n';
import type { Lang } from '../../i18n/lang';

/** How current the data is: the last event's time and number. */
export const Footer = memo(function Footer({ asOf, seq, lang }: { asOf: string | null; seq: number; lang: Lang }) {
  const { t, timeZone } = lang;
  const at = asOf === null ? null : Date.parse(asOf);
  return (
    <footer className="footer" data-testid="footer">
      {at === null ? t.noData : fill(t.footer, { time: `${formatTime(at, t.locale, timeZone, true)} ${formatDate(at, t.locale, timeZone)}`, seq })}
    </footer>
  );
});
