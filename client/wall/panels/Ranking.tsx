import { formatShare } from '@shared/format';
import { STATUS_COLOURS, useWall } from '../context';
import { Panel } from './Panel';

/** Units ranked by online submission rate: the top and the bottom `count`. */
export function Ranking({ count = 6, indicator = 'online_rate' }: { count?: number; indicator?: string }) {
  const { state, t, names } = useWall();
  const ranked = Object.entries(state.indicators[indicator]?.byScope ?? {})
    .filter((e): e is [string, { value: number; status: 'ok' | 'warn' | 'bad' | 'nodata' }] => e[1].value !== null)
    .sort(([a, x], [b, y]) => y.value - x.value || a.localeCompare(b));
  const top = ranked.slice(0, count);
  const bottom = ranked.length > count ? ranked.slice(-Math.min(count, ranked.length - count)).reverse() : [];
  const row = ([id, v]: (typeof ranked)[number], place: number) => (
    <li key={id} data-unit={id}>
      <span className="rank">{place}</span>
      <span className="rank-name">{names.unit(id)}</span>
      <span className="bar">
        <span className="bar-fill" style={{ width: `${Math.round(v.value * 100)}%`, background: STATUS_COLOURS[v.status] }} />
      </span>
      <span className="rank-value">{formatShare(v.value, t.locale)}</span>
    </li>
  );
  return (
    <Panel title={t.ranking} className="ranking" testId="ranking">
      {ranked.length === 0 ? (
        <div className="no-data">{t.noData}</div>
      ) : (
        <>
          <h3>{t.top}</h3>
          <ol>{top.map((e, i) => row(e, i + 1))}</ol>
          {bottom.length > 0 && (
            <>
              <h3>{t.bottom}</h3>
              <ol>{bottom.map((e, i) => row(e, ranked.length - i))}</ol>
            </>
          )}
        </>
      )}
    </Panel>
  );
}
