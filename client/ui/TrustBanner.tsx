import { useEffect, useState } from 'react';
import type { LiveClient, LiveView } from '../data/LiveClient';
import { fill, type Messages } from '../i18n';
import { asOfVars, Banner, type BannerContent } from './Banner';

/** What the trust banner says about a live client's data now, or null when it is current. */
export function bannerFor(view: LiveView, asOf: number, realNow: number, staleAfterMs: number, t: Messages, timeZone: string): BannerContent | null {
  const vars = asOfVars(asOf, realNow - view.lastContact, t, timeZone);
  if (view.status === 'unauthorized') return { kind: 'bad', text: t.unauthorized };
  if (view.status === 'connecting' && view.lastContact === 0) return { kind: 'warn', text: t.connecting };
  if (view.status !== 'live') return { kind: 'bad', text: fill(t.disconnected, vars) };
  if (realNow - view.lastContact > staleAfterMs) return { kind: 'warn', text: fill(t.stale, vars) };
  return null;
}

/**
 * The banner of a screen fed by `client`: checked on every change of the client and once a
 * second, and drawn again only when its text changes, so it costs nothing while all is well.
 */
export function TrustBanner({ client, t, timeZone, staleAfterMs, fallback }: { client: LiveClient; t: Messages; timeZone: string; staleAfterMs: number; fallback?: string }) {
  const compute = () => {
    const view = client.getView();
    const asOf = view.lastContact ? client.now(view.lastContact) : Date.parse(view.projection?.asOf ?? '') || client.now();
    return bannerFor(view, asOf, Date.now(), staleAfterMs, t, timeZone);
  };
  const [banner, setBanner] = useState(compute);
  useEffect(() => {
    const check = () => {
      const next = compute();
      setBanner((prev) => (prev?.text === next?.text && prev?.kind === next?.kind ? prev : next));
    };
    check();
    const unsubscribe = client.subscribe(check);
    const timer = setInterval(check, 1000);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
    // compute reads only its arguments, listed here.
  }, [client, t, timeZone, staleAfterMs]);
  return <Banner banner={banner ?? (fallback ? { kind: 'warn', text: fallback } : null)} />;
}
