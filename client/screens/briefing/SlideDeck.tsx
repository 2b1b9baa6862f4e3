import { memo } from 'react';
import type { Briefing } from '@shared/briefing';
import { rankedIndicator } from '@shared/briefing';
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

function Body({ page, briefing, lang, hasBaseline }: { page: Page; briefing: Briefing; lang: Lang; hasBaseline: boolean }) {
  switch (page.slide) {
    case 'headline':
      return <HeadlineSlide deltas={briefing.headline} lang={lang} hasBaseline={hasBaseline} />;
    case 'models':
      return <ModelsSlide models={briefing.models} lang={lang} />;
    case 'plan':
      return <PlanSlide plan={briefing.plan} lang={lang} />;
    case 'late':
      return <LateSlide units={page.late ?? []} lang={lang} part={page.part} parts={page.parts} forecastReports={lang.catalog.config.briefing.forecastReports} />;
    case 'rankings':
      return <RankingsSlide rankings={briefing.rankings} indicator={rankedIndicator(lang.catalog)} lang={lang} />;
    case 'silent':
      return <SilentSlide units={briefing.silent} lang={lang} />;
    case 'notes':
      return <NotesSlide since={briefing.since} lang={lang} />;
    case 'scorecard':
      return <ScorecardSlide scores={briefing.scorecard} lang={lang} />;
  }
}

/**
 * The pages of the briefing: on screen the current one (a step in time redraws one slide, not
 * all), for a printer all of them, one per A4 landscape sheet, each with the stamp and its number.
 */
export const SlideDeck = memo(function SlideDeck({ pages, current, briefing, lang, stamp, hasBaseline, all }: { pages: Page[]; current: number; briefing: Briefing; lang: Lang; stamp: string; hasBaseline: boolean; all: boolean }) {
  return (
    <div className="deck">
      {pages.map((page, i) => (all || i === current) && (
        <Slide key={`${page.slide}-${page.part}`} name={page.slide} lang={lang} index={i} total={pages.length} stamp={stamp} current={i === current}>
          <Body page={page} briefing={briefing} lang={lang} hasBaseline={hasBaseline} />
        </Slide>
      ))}
    </div>
  );
});
