import { memo } from 'react';
import type { Lang } from '../../i18n/lang';
import { Clock } from '../../ui/Clock';

/** Title, province, the page's name, the clock and the simulated badge. */
export const Header = memo(function Header({ lang, pageTitle, simulated, paused, now }: { lang: Lang; pageTitle: string; simulated: boolean; paused: boolean; now: () => number }) {
  const { t, names, timeZone } = lang;
  return (
    <header className="header">
      <div className="title">
        <span className="province">{names.province()}</span>
        <span className="app">{t.title}</span>
      </div>
      <div className="page-name" data-testid="page-name">
        {pageTitle}
        {paused && <span className="paused">{t.paused}</span>}
      </div>
      <div className="clock" data-testid="clock">
        {simulated && (
          <span className="sim-badge" data-testid="simulated">
            {t.simulated}
          </span>
        )}
        <Clock now={now} locale={t.locale} timeZone={timeZone} />
      </div>
    </header>
  );
});
