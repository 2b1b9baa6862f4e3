import { useMemo, type ComponentType } from 'react';
import { formatDate, formatTime } from '@shared/format';
import { fill, messagesFor } from '../i18n';
import type { LiveClient } from '../live/LiveClient';
import { useDerived, useLiveView, useTick } from '../live/useLive';
import { Banner, bannerText } from './Banner';
import { Canvas } from './Canvas';
import { WallContext, type WallData } from './context';
import { Header } from './Header';
import { namesFor } from './names';
import { AlertTakeover } from './pages/AlertTakeover';
import { Localities } from './pages/Localities';
import { Overview } from './pages/Overview';
import { Plan } from './pages/Plan';
import { DEFAULT_ROTATION, type PageName, type WallOptions } from './rotation';
import { useRotation } from './useRotation';

const PAGE_VIEWS: Record<PageName, ComponentType> = { overview: Overview, localities: Localities, plan: Plan };
const STANDARD = { width: 3840, height: 2160 };
const WIDE = { width: 7680, height: 2160 };

export function Wall({ client, options }: { client: LiveClient; options: WallOptions }) {
  const view = useLiveView(client);
  const state = useDerived(client, view);
  const realNow = useTick(1_000);
  const { code: lang, messages: t } = messagesFor(options.lang);
  const wide = options.layout === 'wide' || (options.layout === 'auto' && window.innerWidth / window.innerHeight >= 2.6);
  // In the wide layout the overview stays on the left and the other pages rotate on the right.
  const steps = useMemo(() => {
    if (!wide) return options.rotation;
    const others = options.rotation.filter((s) => s.page !== 'overview');
    return others.length ? others : DEFAULT_ROTATION.filter((s) => s.page !== 'overview');
  }, [wide, options.rotation]);
  const rotation = useRotation(steps, state?.alerts ?? null, options.alertSeconds);

  const data: WallData | null = useMemo(() => {
    if (!state || !view.catalog) return null;
    const timeZone = view.catalog.config.province.timeZone;
    return { state, catalog: view.catalog, t, lang, names: namesFor(view.catalog, lang), now: client.now(), timeZone };
    // The clock in the header moves with the one-second tick.
  }, [state, view.catalog, t, lang, client, realNow]);

  const size = wide ? WIDE : STANDARD;
  const timeZone = view.catalog?.config.province.timeZone ?? 'UTC';
  const asOf = view.lastContact ? client.now(view.lastContact) : Date.parse(view.projection?.asOf ?? '') || client.now();
  const banner = bannerText(view.status, view.lastContact, realNow, options.staleAfter * 1000, asOf, t, timeZone);

  if (!data) {
    return (
      <Canvas {...size}>
        <div className="wall loading" data-testid="wall" data-state="loading">
          <Banner banner={banner ?? { kind: 'warn', text: t.connecting }} />
        </div>
      </Canvas>
    );
  }
  const step = steps[rotation.index] ?? steps[0]!;
  const Page = PAGE_VIEWS[step.page];
  const pageTitle = rotation.takeover ? t.newAlert : wide ? `${t.page_overview} · ${t[`page_${step.page}`]}` : t[`page_${step.page}`];
  return (
    <WallContext.Provider value={data}>
      <Canvas {...size}>
        <div className={`wall ${wide ? 'wide' : ''}`} data-testid="wall" data-state="ready" data-page={rotation.takeover ? 'takeover' : step.page} lang={lang}>
          <Header pageTitle={pageTitle} simulated={view.simulated} paused={rotation.paused} />
          <Banner banner={banner} />
          <main className="pages">
            {wide && <Overview />}
            {rotation.takeover ? <AlertTakeover alert={rotation.takeover} /> : <Page />}
          </main>
          <footer className="footer" data-testid="footer">
            {data.state.asOf ? fill(t.footer, { time: `${formatTime(Date.parse(data.state.asOf), t.locale, timeZone, true)} ${formatDate(Date.parse(data.state.asOf), t.locale, timeZone)}`, seq: data.state.seq }) : t.noData}
          </footer>
        </div>
      </Canvas>
    </WallContext.Provider>
  );
}
