import { formatDate, formatTime } from '@shared/format';
import { useWall } from './context';

/** Title, province, the page's name, the clock and the simulated badge. */
export function Header({ pageTitle, simulated, paused }: { pageTitle: string; simulated: boolean; paused: boolean }) {
  const { t, names, now, timeZone } = useWall();
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
        {simulated && <span className="sim-badge" data-testid="simulated">{t.simulated}</span>}
        <span className="time">{formatTime(now, t.locale, timeZone, true)}</span>
        <span className="date">{formatDate(now, t.locale, timeZone)}</span>
      </div>
    </header>
  );
}
