import { formatTime } from '@shared/format';
import { useWall } from '../context';
import { describeEvent } from './describe';
import { NoData, Panel } from './Panel';

/** The latest events and notes, newest first. */
export function Ticker({ limit }: { limit: number }) {
  const { state, catalog, t, names, timeZone } = useWall();
  const recent = state.recent.slice(-limit).reverse();
  return (
    <Panel title={t.ticker} className="ticker" testId="ticker">
      {recent.length === 0 ? (
        <NoData text={t.noData} />
      ) : (
        <ul>
          {recent.map((e) => (
            <li key={e.seq} data-seq={e.seq} className={e.type === 'note.posted' ? `note ${e.severity}` : ''}>
              <span className="tick-time">{formatTime(Date.parse(e.receivedAt), t.locale, timeZone)}</span>
              <span className="tick-text">{describeEvent(e, catalog, t, names)}</span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
