import { formatTime } from '@shared/format';
import { fill, type Messages } from '../i18n';

export type BannerKind = 'warn' | 'bad';

export interface BannerContent {
  kind: BannerKind;
  text: string;
}

/** "just now", "42 s ago", "3 min ago", "2 h ago". */
export function ago(ms: number, t: Messages): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 10) return t.justNow;
  if (s < 60) return fill(t.secondsAgo, { n: s });
  if (s < 3600) return fill(t.minutesAgo, { n: Math.floor(s / 60) });
  return fill(t.hoursAgo, { n: Math.floor(s / 3600) });
}

/** "as of 14:32 (3 min ago)": `asOf` on the server's clock, `ageMs` in real time. */
export function asOfVars(asOf: number, ageMs: number, t: Messages, timeZone: string): { time: string; ago: string } {
  return { time: formatTime(asOf, t.locale, timeZone), ago: ago(ageMs, t) };
}

/** The trust banner across the top of a screen: amber when the data is not being updated, red when the connection is gone. */
export function Banner({ banner }: { banner: BannerContent | null }) {
  if (!banner) return null;
  return (
    <div className={`banner ${banner.kind}`} data-testid="banner" data-kind={banner.kind} role="alert">
      {banner.text}
    </div>
  );
}
