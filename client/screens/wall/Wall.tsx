import { useMemo, useSyncExternalStore, type ComponentType } from 'react';
import type { StateView } from '@shared/projection';
import { useSame, useStateView } from '../../data/hooks';
import type { LiveClient } from '../../data/LiveClient';
import type { StateSource } from '../../data/source';
import { messagesFor } from '../../i18n';
import { langFor, type Lang } from '../../i18n/lang';
import { Canvas } from '../../ui/Canvas';
import { TrustBanner } from '../../ui/TrustBanner';
import { Footer } from './Footer';
import { Header } from './Header';
import type { WallIdentity } from './identity';
import { AlertTakeover } from './pages/AlertTakeover';
import { Localities } from './pages/Localities';
import { ModelsToAccelerate } from './pages/ModelsToAccelerate';
import { Overview } from './pages/Overview';
import { Plan } from './pages/Plan';
import { DEFAULT_ROTATION, PAGES, type PageName, type WallOptions } from './rotation';
import { SteeredMessage } from './SteeredMessage';
import { useRotation } from './useRotation';
import { WallNotice } from './WallNotice';
import { useReportPage, useSteering } from './useSteering';
import './wall.css';

const PAGE_VIEWS: Record<PageName, ComponentType<{ state: StateView; lang: Lang }>> = { overview: Overview, localities: Localities, plan: Plan, models: ModelsToAccelerate };
const STANDARD = { width: 3840, height: 2160 };
const WIDE = { width: 7680, height: 2160 };

const isPage = (page: string | undefined): page is PageName => (PAGES as readonly string[]).includes(page ?? '');

/**
 * The wall: drawn from `source` (the live state), with the trust banner from `client`'s
 * connection. It redraws when the data changes; only the clock and the banner keep time.
 * The desk's commands to it (or to all walls) come in the log: a page shown for a while,
 * a pause, a full-screen message; then the rotation goes on where it was.
 */
export function Wall({ client, source, options, identity }: { client: LiveClient; source: StateSource; options: WallOptions; identity: WallIdentity }) {
  const state = useStateView(source);
  const catalog = useSyncExternalStore(source.subscribe, () => source.getView().catalog);
  const simulated = useSyncExternalStore(client.subscribe, () => client.getView().simulated);
  const { messages: t } = messagesFor(options.lang);
  const lang = catalog ? langFor(catalog, options.lang) : null;
  const wide = options.layout === 'wide' || (options.layout === 'auto' && window.innerWidth / window.innerHeight >= 2.6);
  // In the wide layout the overview stays on the left and the other pages rotate on the right.
  const steps = useMemo(() => {
    if (!wide) return options.rotation;
    const others = options.rotation.filter((s) => s.page !== 'overview');
    return others.length ? others : DEFAULT_ROTATION.filter((s) => s.page !== 'overview');
  }, [wide, options.rotation]);
  const alerts = useSame(state?.alerts ?? null);
  const steering = useSteering(source, client, identity.id);
  const steeredPage = isPage(steering.page?.page) ? steering.page.page : null;
  const rotation = useRotation(steps, alerts, options.alertSeconds, steeredPage !== null || steering.message !== null || steering.paused);
  const rotated = steps[rotation.index] ?? steps[0]!;
  const shown = steering.message ? 'message' : (steeredPage ?? (rotation.takeover ? 'takeover' : rotated.page));
  useReportPage(client, shown);
  const size = wide ? WIDE : STANDARD;
  const staleAfterMs = options.staleAfter * 1000;

  if (!state || !lang) {
    return (
      <Canvas {...size}>
        <div className="wall loading" data-testid="wall" data-state="loading">
          <TrustBanner client={client} t={t} timeZone={catalog?.config.province.timeZone ?? 'UTC'} staleAfterMs={staleAfterMs} fallback={t.connecting} />
          <WallNotice client={client} t={t} />
        </div>
      </Canvas>
    );
  }
  // A page the desk asked for comes before an alert's takeover; in the wide layout it fills the whole wall.
  const page: PageName = steeredPage ?? rotated.page;
  const Page = PAGE_VIEWS[page];
  const takeover = steeredPage === null ? rotation.takeover : null;
  const keepOverview = wide && steeredPage === null;
  const pageTitle = takeover ? t.newAlert : keepOverview ? `${t.page_overview} · ${t[`page_${page}`]}` : t[`page_${page}`];
  return (
    <Canvas {...size}>
      <div className={`wall ${wide ? 'wide' : ''}`} data-testid="wall" data-state="ready" data-page={takeover ? 'takeover' : page} data-steered={steering.message ? 'message' : steeredPage ? 'page' : ''} lang={lang.code}>
        <Header lang={lang} pageTitle={pageTitle} simulated={simulated} paused={rotation.paused || steering.paused} now={client.now} />
        <TrustBanner client={client} t={t} timeZone={lang.timeZone} staleAfterMs={staleAfterMs} />
        <main className="pages">
          {keepOverview && <Overview state={state} lang={lang} />}
          {takeover ? <AlertTakeover alert={takeover} lang={lang} /> : <Page state={state} lang={lang} />}
        </main>
        <Footer asOf={state.asOf} seq={state.seq} lang={lang} />
        {steering.message && <SteeredMessage text={steering.message.text} />}
        <WallNotice client={client} t={t} />
      </div>
    </Canvas>
  );
}
