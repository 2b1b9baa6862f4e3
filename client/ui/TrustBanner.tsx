import { useEffect, useState } from 'react';
import { freshnessOf, type Freshness } from '../data/freshness';
import type { LiveClient } from '../data/LiveClient';
import { fill, type Messages } from '../i18n';
import { asOfVars, Banner, type BannerContent } from './Banner';

/** What the trust banner says, or null when the data is current. `asOf` turns a real instant into the server's clock. */
export function bannerText(freshness: Freshness, realNow: number, asOf: (realMs: number) => number, t: Messages, timeZone: string): BannerContent | null {
  const vars = (since: number) => asOfVars(asOf(since), realNow - since, t, timeZone);
  switch (freshness.kind) {
    case 'current':
      return null;
    case 'unauthorized':
      return { kind: 'bad', text: t.unauthorized };
    case 'no_config':
      return { kind: 'bad', text: t.configUnreachable };
    case 'connecting':
      return { kind: 'warn', text: t.connecting };
    case 'disconnected':
      return { kind: 'bad', text: fill(t.disconnected, vars(freshness.since)) };
    case 'store_unavailable':
      return { kind: 'warn', text: fill(t.storeUnavailable, vars(freshness.since)) };
    case 'stale':
      return { kind: 'warn', text: fill(t.stale, vars(freshness.since)) };
  }
}

/**
 * The banner of a screen fed by `client`: checked on every change of the client and once a
 * second, and drawn again only when its text changes, so it costs nothing while all is well.
 */
export function TrustBanner({ client, t, timeZone, staleAfterMs, fallback }: { client: LiveClient; t: Messages; timeZone: string; staleAfterMs: number; fallback?: string }) {
  const [banner, setBanner] = useState<BannerContent | null>(null);
  useEffect(() => {
    const check = () => {
      const realNow = Date.now();
      const next = bannerText(freshnessOf(client.getView(), realNow, staleAfterMs), realNow, client.now, t, timeZone);
      setBanner((prev) => (prev?.text === next?.text && prev?.kind === next?.kind ? prev : next));
    };
    check();
    const unsubscribe = client.subscribe(check);
    const timer = setInterval(check, 1000);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, [client, t, timeZone, staleAfterMs]);
  return <Banner banner={banner ?? (fallback ? { kind: 'warn', text: fallback } : null)} />;
}
