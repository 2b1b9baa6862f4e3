import { formatTime } from '@shared/format';
import type { Messages } from '../i18n';
import { ago } from './format';

export type BannerKind = 'warn' | 'bad';

export interface BannerContent {
  kind: BannerKind;
  text: string;
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
