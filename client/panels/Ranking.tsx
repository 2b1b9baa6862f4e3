import { memo } from 'react';
import type { RankRow } from '@shared/briefing';
import { formatShare } from '@shared/format';
import { statusOf } from '@shared/projection';
import type { Lang } from '../i18n/lang';
import { Bar } from '../ui/Bar';
import { NoData, Panel } from '../ui/Panel';
import { STATUS_COLOURS } from '../ui/theme';
import './panels.css';

/** How many of each list the panel shows at the top and at the bottom. */
const SHOWN = { locality: [4, 3], agency: [3, 2] } as const;

/** The first `top` and the last `bottom` of a ranked list; all of it when at most one would be left out (a gap for one row hides nothing). */
export function shownRanks<T>(ranked: T[], top: number, bottom: number): T[] {
  return ranked.length <= top + bottom + 1 ? ranked : [...ranked.slice(0, top), ...ranked.slice(-bottom)];
}

/** The best and the worst of one list: localities and departments are ranked apart, as provinces do. */
function Ranked({ rows, kind, indicator, lang }: { rows: RankRow[]; kind: 'locality' | 'agency'; indicator: string; lang: Lang }) {
  const { t, names, catalog } = lang;
  const ind = catalog.indicators.get(indicator);
  const ranked = rows.filter((r) => r.rank !== null && r.value !== null);
  const [top, bottom] = SHOWN[kind];
  const shown = shownRanks(ranked, top, bottom);
  const row = (r: RankRow) => {
    const status = ind ? statusOf(ind, r.value) : 'nodata';
    return (
      <li key={r.unit} data-unit={r.unit} data-rank={r.rank ?? ''}>
        <span className="rank">{r.rank}</span>
        <span className="rank-name" title={names.unit(r.unit)}>
          {names.unit(r.unit)}
        </span>
        <Bar percent={Math.round(Math.min(1, Math.max(0, r.value ?? 0)) * 100)} colour={STATUS_COLOURS[status]} />
        <span className="rank-value">{formatShare(r.value ?? 0, t.locale)}</span>
      </li>
    );
  };
  return (
    <div className="rank-list" data-testid={`ranking-${kind}`}>
      <h3>{`${kind === 'locality' ? t.b_localities : t.b_agencies} (${ranked.length})`}</h3>
      {ranked.length === 0 ? <NoData text={t.noData} /> : <ol>{shown.map(row)}</ol>}
    </div>
  );
}

/** Units ranked by a share indicator, localities and departments apart, each its best and its worst (from `rankings`). */
export const Ranking = memo(function Ranking({ locality, agency, indicator, lang }: { locality: RankRow[]; agency: RankRow[]; indicator: string; lang: Lang }) {
  const { t } = lang;
  return (
    <Panel title={t.ranking} className="ranking" testId="ranking">
      <Ranked rows={locality} kind="locality" indicator={indicator} lang={lang} />
      <Ranked rows={agency} kind="agency" indicator={indicator} lang={lang} />
    </Panel>
  );
});
