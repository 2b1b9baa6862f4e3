import { memo } from 'react';
import type { StoredWrite } from '@shared/events';
import { formatTime } from '@shared/format';
import type { Lang } from '../i18n/lang';
import { NoData, Panel } from '../ui/Panel';
import { describeEvent } from './describe';
import './panels.css';

/** The latest events and notes, newest first (from `recentEvents`). */
export const Ticker = memo(function Ticker({ events, lang }: { events: StoredWrite[]; lang: Lang }) {
  const { t, timeZone } = lang;
  return (
    <Panel title={t.ticker} className="ticker" testId="ticker">
      {events.length === 0 ? (
        <NoData text={t.noData} />
      ) : (
        <ul>
          {/* Keyed by line, not by event: a new event rewrites the lines' text rather than moving every row. */}
          {events.map((e, line) => (
            <li key={line} data-seq={e.seq} className={e.type === 'note.posted' ? `note ${e.severity}` : ''}>
              <span className="tick-time">{formatTime(Date.parse(e.receivedAt), t.locale, timeZone)}</span>
              <span className="tick-text" title={describeEvent(e, lang)}>
                {describeEvent(e, lang)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
});
