import { memo } from 'react';
import { rankedIndicator } from '@shared/briefing';
import { headlineDeltas } from '@shared/briefing/headline';
import { modelsSummary, planSummary } from '@shared/briefing/items';
import { scorecard } from '@shared/briefing/scorecard';
import { sinceBaseline } from '@shared/briefing/since';
import { rankings, silentUnits } from '@shared/briefing/units';
import { MAX_NOTES, type StateView } from '@shared/projection';
import type { Lang } from '../../i18n/lang';
import type { Page } from './pages';
import { Slide } from './Slide';
import { HeadlineSlide } from './slides/HeadlineSlide';
import { LateSlide } from './slides/LateSlide';
import { ModelsSlide } from './slides/ModelsSlide';
import { NotesSlide } from './slides/NotesSlide';
import { PlanSlide } from './slides/PlanSlide';
import { RankingsSlide } from './slides/RankingsSlide';
import { ScorecardSlide } from './slides/ScorecardSlide';
import { SilentSlide } from './slides/SilentSlide';

/** One slide's content, computed only when the slide is drawn: a step in time rebuilds what is on screen. */
function Body({ page, before, after, lang, hasBaseline }: { page: Page; before: StateView | null; after: StateView; lang: Lang; hasBaseline: boolean }) {
  const { catalog } = lang;
  switch (page.slide) {
    case 'headline':
      return <HeadlineSlide deltas={headlineDeltas(catalog, before, after)} lang={lang} hasBaseline={hasBaseline} />;
    case 'models':
      return <ModelsSlide models={modelsSummary(catalog, before, after)} lang={lang} />;
    case 'plan':
      return <PlanSlide plan={planSummary(catalog, before, after)} lang={lang} />;
    case 'late':
      return <LateSlide units={page.late ?? []} lang={lang} part={page.part} parts={page.parts} forecastReports={catalog.config.briefing.forecastReports} />;
    case 'rankings':
      return <RankingsSlide rankings={{ locality: rankings(catalog, before, after, 'locality'), agency: rankings(catalog, before, after, 'agency') }} indicator={rankedIndicator(catalog)} lang={lang} />;
    case 'silent':
      return <SilentSlide units={silentUnits(before, after)} lang={lang} />;
    case 'notes':
      return <NotesSlide since={sinceBaseline(before, after, MAX_NOTES)} lang={lang} />;
    case 'scorecard':
      return <ScorecardSlide scores={scorecard(catalog, after)} lang={lang} />;
  }
}

/**
 * The pages of the briefing: on screen the current one (a step in time redraws one slide, not
 * all), for a printer all of them, one per A4 landscape sheet, each with the stamp and its number.
 */
export const SlideDeck = memo(function SlideDeck({ pages, current, before, after, lang, stamp, all }: { pages: Page[]; current: number; before: StateView | null; after: StateView; lang: Lang; stamp: string; all: boolean }) {
  return (
    <div className="deck">
      {pages.map((page, i) => (all || i === current) && (
        <Slide key={`${page.slide}-${page.part}`} name={page.slide} lang={lang} index={i} total={pages.length} stamp={stamp} current={i === current}>
          <Body page={page} before={before} after={after} lang={lang} hasBaseline={before !== null} />
        </Slide>
      ))}
    </div>
  );
});
