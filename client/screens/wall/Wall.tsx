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
import { AlertTakeover } from './pages/AlertTakeover';
import { Localities } from './pages/Localities';
import { Overview } from './pages/Overview';
import { Plan } from './pages/Plan';
import { DEFAULT_ROTATION, type PageName, type WallOptions } from './rotation';
import { useRotation } from './useRotation';
import './wall.css';

const PAGE_VIEWS: Record<PageName, ComponentType<{ state: StateView; lang: Lang }>> = { overview: Overview, localities: Localities, plan: Plan };
const STANDARD = { width: 3840, height: 2160 };
const WIDE = { width: 7680, height: 2160 };

/**
 * The wall: drawn from `source` (the live state), with the trust banner from `client`'s
 * connection. It redraws when the data changes; only the clock and the banner keep time.
 */
export function Wall({ client, source, options }: { client: LiveClient; source: StateSource; options: WallOptions }) {
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
  const rotation = useRotation(steps, alerts, options.alertSeconds);
  const size = wide ? WIDE : STANDARD;
  const staleAfterMs = options.staleAfter * 1000;

  if (!state || !lang) {
    return (
      <Canvas {...size}>
        <div className="wall loading" data-testid="wall" data-state="loading">
          <TrustBanner client={client} t={t} timeZone={catalog?.config.province.timeZone ?? 'UTC'} staleAfterMs={staleAfterMs} fallback={t.connecting} />
        </div>
      </Canvas>
    );
  }
  const step = steps[rotation.index] ?? steps[0]!;
  const Page = PAGE_VIEWS[step.page];
  const pageTitle = rotation.takeover ? t.newAlert : wide ? `${t.page_overview} · ${t[`page_${step.page}`]}` : t[`page_${step.page}`];
  return (
    <Canvas {...size}>
      <div className={`wall ${wide ? 'wide' : ''}`} data-testid="wall" data-state="ready" data-page={rotation.takeover ? 'takeover' : step.page} lang={lang.code}>
        <Header lang={lang} pageTitle={pageTitle} simulated={simulated} paused={rotation.paused} now={client.now} />
        <TrustBanner client={client} t={t} timeZone={lang.timeZone} staleAfterMs={staleAfterMs} />
        <main className="pages">
          {wide && <Overview state={state} lang={lang} />}
          {rotation.takeover ? <AlertTakeover alert={rotation.takeover} lang={lang} /> : <Page state={state} lang={lang} />}
        </main>
        <Footer asOf={state.asOf} seq={state.seq} lang={lang} />
      </div>
    </Canvas>
  );
}
