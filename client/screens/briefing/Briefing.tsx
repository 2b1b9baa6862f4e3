import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';
import { lateByUnit } from '@shared/briefing';
import { formatDate } from '@shared/format';
import type { Api } from '../../data/api';
import type { LiveClient } from '../../data/LiveClient';
import { fill, messagesFor } from '../../i18n';
import { langFor } from '../../i18n/lang';
import { Canvas } from '../../ui/Canvas';
import { Message } from '../../ui/Message';
import { moveSlide, type KeyAction } from './keys';
import { MarkDialog } from './MarkDialog';
import { postMark } from './marks';
import { briefingSearch, parseBriefingOptions, type Moment } from './options';
import { briefingPages, LATE_ROOM, PRINT_LATE_ROOM } from './pages';
import { SlideDeck } from './SlideDeck';
import { stampText } from './stamp';
import { Timeline } from './Timeline';
import { Toolbar } from './Toolbar';
import { useBaseline } from './useBaseline';
import { useDeckInput } from './useDeckInput';
import { useShown } from './useShown';

const SIZE = { width: 1920, height: 1080 };

/** The briefing: frozen slides compared with a baseline mark, driven by keys, clicker, swipe and the address. */
export function Briefing({ client, api, token, search }: { client: LiveClient; api: Api; token: string; search: string }) {
  const live = useSyncExternalStore(client.subscribe, client.getView);
  const catalog = live.catalog;
  const options = useMemo(() => parseBriefingOptions(search, catalog?.config.briefing.slides ?? []), [search, catalog]);
  const lang = catalog ? langFor(catalog, options.lang) : null;
  const { messages: t } = messagesFor(options.lang);
  const { shown, loading, error, go, step, replay, stopReplay } = useShown(api, catalog, options.moment);
  const [wantedBaseline, setWantedBaseline] = useState(options.baseline);
  const baseline = useBaseline(api, shown?.state ?? null, wantedBaseline);
  const [dialog, setDialog] = useState<'mark' | null>(null);
  const [timeline, setTimeline] = useState(false);
  const [pageIndex, setPageIndex] = useState<number | null>(null);
  const [printing, setPrinting] = useState(false);
  // A browser prints what is in the page: every slide is drawn just before, and dropped after.
  useEffect(() => {
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);

  const before = baseline?.state ?? null;
  // The late list decides how many pages there are; every other slide is computed when drawn.
  const late = useMemo(() => (catalog && shown ? lateByUnit(catalog, before, shown.state) : null), [catalog, shown, before]);
  const printAll = printing || options.print;
  const pages = useMemo(() => (late ? briefingPages(options.slides, late, printAll ? PRINT_LATE_ROOM : LATE_ROOM) : []), [late, options.slides, printAll]);
  const current = Math.min(pages.length - 1, pageIndex ?? Math.max(0, pages.findIndex((p) => p.slide === options.slide)));
  const page = pages[current];

  // The address follows what is shown, so a reload (or a link sent round) opens the same slide and moment.
  useEffect(() => {
    if (!page || options.print || shown?.replay) return;
    const query = briefingSearch(window.location.search, { slide: page.slide, baseline: wantedBaseline, moment: shown?.moment ?? null });
    if (query !== window.location.search) history.replaceState(null, '', window.location.pathname + query);
  }, [page, wantedBaseline, shown?.moment, shown?.replay, options.print]);

  const travel = useCallback((moment: Moment) => go(moment), [go]);
  const onAction = (action: KeyAction) => {
    if (action === 'refresh') return go(null);
    if (action === 'mark') return setDialog('mark');
    if (action === 'timeline') return setTimeline((v) => !v);
    if (action === 'print') return window.print();
    if (action === 'baselines') return document.querySelector<HTMLSelectElement>('[data-testid=baseline-select]')?.focus();
    if (action === 'close') {
      if (shown?.replay && !shown.replay.done) return stopReplay();
      return setTimeline(false);
    }
    if (action === 'stepBack' && shown) return step(-1, shown.state.seq);
    if (action === 'stepForward' && shown) return step(1, shown.state.seq);
    setPageIndex(moveSlide(current, pages.length, action));
  };
  useDeckInput(onAction, dialog === null && !options.print);

  if (live.status === 'unauthorized' || error?.code === 'unauthorized') return <Message text={t.unauthorized} />;
  const ready = Boolean(lang && shown && late && (baseline === null || baseline.state || baseline.error));
  if (!lang || !shown || !late || !page) {
    return (
      <div className="briefing loading" data-testid="briefing" data-state={error ? 'error' : 'loading'}>
        <div className="b-loading" data-testid={error ? 'briefing-error' : undefined}>
          {error ? `${t.b_loadFailed} (${error.code}: ${error.message})` : loading ? t.b_loading : t.connecting}
        </div>
      </div>
    );
  }

  const stamp = stampText(lang, shown.state, baseline);
  const liveSeq = live.projection?.seq ?? shown.state.seq;
  const marks = live.projection?.briefings ?? shown.state.briefings;
  const deck = <SlideDeck pages={pages} current={current} before={before} after={shown.state} lang={lang} stamp={stamp} all={printAll} />;
  const root = (
    <div
      className={`briefing ${options.print ? 'printing' : ''}`}
      data-testid="briefing"
      data-state={ready ? 'ready' : 'loading'}
      data-slide={page.slide}
      data-page={current}
      data-pages={pages.length}
      data-seq={shown.state.seq}
      data-baseline={baseline?.seq ?? ''}
      data-replay={shown.replay ? (shown.replay.done ? 'done' : 'running') : ''}
      data-instant={shown.state.now}
      lang={lang.code}
    >
      {deck}
      {!options.print && (
        <>
          {timeline && (
            <Timeline
              lang={lang}
              head={liveSeq}
              shownSeq={shown.state.seq}
              shownAt={Date.parse(shown.state.now)}
              marks={marks}
              onSeq={(seq) => travel({ seq })}
              onStep={(delta) => step(delta, shown.state.seq, liveSeq)}
              onTime={(at) => travel({ at })}
              onReplay={replay}
              onStopReplay={stopReplay}
              replaying={Boolean(shown.replay && !shown.replay.done)}
            />
          )}
          <Toolbar
            lang={lang}
            shown={shown}
            newEvents={Math.max(0, liveSeq - shown.state.seq)}
            simulated={live.simulated}
            loading={loading}
            marks={shown.state.briefings}
            baseline={baseline}
            onBaseline={setWantedBaseline}
            onRefresh={() => go(null)}
            onMark={() => setDialog('mark')}
            onTimeline={() => setTimeline((v) => !v)}
            onPrint={() => window.print()}
          />
          {dialog === 'mark' && (
            <MarkDialog
              lang={lang}
              initialTitle={fill(t.b_markDefault, { date: formatDate(client.now(), t.locale, lang.timeZone) })}
              onClose={() => setDialog(null)}
              onMark={async (title) => {
                const seq = await postMark(token, lang.catalog, title, client.now());
                setWantedBaseline(null);
                go({ seq });
              }}
            />
          )}
        </>
      )}
    </div>
  );
  return options.print ? root : <Canvas {...SIZE}>{root}</Canvas>;
}
