import { formatTime } from '@shared/format';
import { fill, type Messages } from '../i18n';
import type { ConnectionStatus } from '../live/LiveClient';

export function ago(ms: number, t: Messages): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 10) return t.justNow;
  if (s < 60) return fill(t.secondsAgo, { n: s });
  if (s < 3600) return fill(t.minutesAgo, { n: Math.floor(s / 60) });
  return fill(t.hoursAgo, { n: Math.floor(s / 3600) });
}

/** What the trust banner says, or null when the data is current. */
export function bannerText(status: ConnectionStatus, lastContact: number, realNow: number, staleAfterMs: number, asOf: number, t: Messages, timeZone: string): { kind: 'warn' | 'bad'; text: string } | null {
  const vars = { time: formatTime(asOf, t.locale, timeZone), ago: ago(realNow - lastContact, t) };
  if (status === 'unauthorized') return { kind: 'bad', text: t.unauthorized };
  if (status === 'connecting' && lastContact === 0) return { kind: 'warn', text: t.connecting };
  if (status !== 'live') return { kind: 'bad', text: fill(t.disconnected, vars) };
  if (realNow - lastContact > staleAfterMs) return { kind: 'warn', text: fill(t.stale, vars) };
  return null;
}

export function Banner({ banner }: { banner: { kind: 'warn' | 'bad'; text: string } | null }) {
  if (!banner) return null;
  return (
    <div className={`banner ${banner.kind}`} data-testid="banner" role="alert">
      {banner.text}
    </div>
  );
}
