import type { BriefingMark } from '@shared/projection';
import { formatDate, formatTime } from '@shared/format';
import { fill } from '../../i18n';
import type { Lang } from '../../i18n/lang';
import type { Baseline } from './useBaseline';
import type { Shown } from './useShown';

export interface ToolbarProps {
  lang: Lang;
  shown: Shown;
  /** Events written since the shown state (the live log's seq minus the shown one). */
  newEvents: number;
  simulated: boolean;
  loading: boolean;
  marks: readonly BriefingMark[];
  baseline: Baseline | null;
  onBaseline: (seq: number | null) => void;
  onRefresh: () => void;
  onMark: () => void;
  onTimeline: () => void;
  onPrint: () => void;
}

/** The presenter's strip under the slides (never printed): what is shown, what arrived since, and the actions with their keys. */
export function Toolbar({ lang, shown, newEvents, simulated, loading, marks, baseline, onBaseline, onRefresh, onMark, onTimeline, onPrint }: ToolbarProps) {
  const { t, timeZone } = lang;
  const replay = shown.replay;
  let status: string;
  if (replay) status = fill(replay.present ? t.b_replayPresent : replay.done ? t.b_replayDone : t.b_replaying, { day: formatDate(replay.instant, t.locale, timeZone), speed: replay.speed, time: formatTime(replay.instant, t.locale, timeZone) });
  else if (shown.moment === null) status = t.b_frozen;
  else status = fill(t.b_past, { seq: shown.state.seq });
  const earlier = [...marks].filter((m) => m.seq < shown.state.seq || m.seq === baseline?.seq).reverse();
  return (
    <div className="b-toolbar" data-testid="toolbar">
      {simulated && <span className="sim-badge">{t.simulated}</span>}
      <span className="b-state" data-testid="frozen-status">
        {status}
      </span>
      {!replay && (
        <span className={`b-new-events ${newEvents > 0 ? 'some' : ''}`} data-testid="new-events" data-count={newEvents}>
          {newEvents > 0 ? fill(t.b_newEvents, { n: newEvents.toLocaleString(t.locale) }) : t.b_noNewEvents}
        </span>
      )}
      {loading && <span className="b-muted">{t.b_loading}</span>}
      <span className="b-spacer" />
      <select
        value={baseline && earlier.some((m) => m.seq === baseline.seq) ? String(baseline.seq) : ''}
        onChange={(e) => onBaseline(e.target.value === '' ? null : Number(e.target.value))}
        aria-label={t.b_baseline}
        data-testid="baseline-select"
      >
        <option value="">{t.b_baselineDefault}</option>
        {earlier.map((m) => (
          <option key={m.seq} value={m.seq}>
            {`${formatDate(Date.parse(m.at), t.locale, timeZone)} · ${m.title} (#${m.seq})`}
          </option>
        ))}
      </select>
      <button type="button" className="button" onClick={onMark} data-testid="mark-button">
        {t.b_markButton}
      </button>
      <button type="button" className="button" onClick={onRefresh} data-testid="refresh-button">
        {t.b_refresh}
      </button>
      <button type="button" className="button" onClick={onTimeline} data-testid="timeline-button">
        {t.b_timelineButton}
      </button>
      <button type="button" className="button" onClick={onPrint}>
        {t.b_print}
      </button>
    </div>
  );
}
