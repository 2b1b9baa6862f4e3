import { memo } from 'react';
import { formatShare } from '@shared/format';
import type { RankedUnit, Ranking as RankingData } from '@shared/projection';
import type { Lang } from '../i18n/lang';
import { NoData, Panel } from '../ui/Panel';
import { STATUS_COLOURS } from '../ui/theme';
import './panels.css';

/** Units ranked by a share indicator: the top and the bottom (from `ranking`). */
export const Ranking = memo(function Ranking({ ranking, lang }: { ranking: RankingData; lang: Lang }) {
  const { t, names } = lang;
  const row = (u: RankedUnit) => (
    <li key={u.id} data-unit={u.id}>
      <span className="rank">{u.place}</span>
      <span className="rank-name" title={names.unit(u.id)}>
        {names.unit(u.id)}
      </span>
      <span className="bar">
        <span className="bar-fill" style={{ width: `${Math.round(Math.min(1, Math.max(0, u.value)) * 100)}%`, background: STATUS_COLOURS[u.status] }} />
      </span>
      <span className="rank-value">{formatShare(u.value, t.locale)}</span>
    </li>
  );
  return (
    <Panel title={t.ranking} className="ranking" testId="ranking">
      {ranking.ranked === 0 ? (
        <NoData text={t.noData} />
      ) : (
        <>
          <h3>{t.top}</h3>
          <ol>{ranking.top.map(row)}</ol>
          {ranking.bottom.length > 0 && (
            <>
              <h3>{t.bottom}</h3>
              <ol>{ranking.bottom.map(row)}</ol>
            </>
          )}
        </>
      )}
    </Panel>
  );
});
