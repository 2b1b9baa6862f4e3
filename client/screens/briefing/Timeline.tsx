import { useState } from 'react';
import type { BriefingMark } from '@shared/projection';
import { localDay } from '@shared/time';
import { fill } from '../../i18n';
import type { Lang } from '../../i18n/lang';
import { timeAndDate } from '../../ui/format';
import { REPLAY_SPEEDS, type ReplaySpeed } from './replay';

export interface TimelineProps {
  lang: Lang;
  /** The log's last seq as the live connection knows it. */
  head: number;
  shownSeq: number;
  shownAt: number;
  marks: readonly BriefingMark[];
  /** Shows the state after `seq`. */
  onSeq: (seq: number) => void;
  /** Shows the state `delta` events on (steps pressed quickly add up). */
  onStep: (delta: number) => void;
  /** Shows the state at an instant (ISO). */
  onTime: (at: string) => void;
  onReplay: (day: string, speed: ReplaySpeed) => void;
  onStopReplay: () => void;
  replaying: boolean;
}

/** The log as a line: its marks on it, a handle to drag to any event, steps of one event, and a day's replay. */
export function Timeline({ lang, head, shownSeq, shownAt, marks, onSeq, onStep, onTime, onReplay, onStopReplay, replaying }: TimelineProps) {
  const { t } = lang;
  const [dragging, setDragging] = useState<number | null>(null);
  const [day, setDay] = useState(() => localDay(shownAt, lang.timeZone));
  const [speed, setSpeed] = useState<ReplaySpeed>(600);
  const max = Math.max(1, head, shownSeq);
  const value = dragging ?? shownSeq;
  const localInput = new Date(shownAt + offsetOf(shownAt, lang.timeZone)).toISOString().slice(0, 16);
  return (
    <div className="b-timeline" data-testid="timeline">
      <div className="b-track">
        {marks.map((m) => (
          <button key={m.seq} type="button" className="b-mark-tick" style={{ left: `${(m.seq / max) * 100}%` }} title={`${m.title} · #${m.seq}`} onClick={() => onSeq(m.seq)} data-mark={m.seq} />
        ))}
        <input
          type="range"
          min={0}
          max={max}
          step={1}
          value={value}
          aria-label={t.b_timeline}
          data-testid="timeline-range"
          onChange={(e) => {
            const seq = Number(e.target.value);
            setDragging(seq);
            onSeq(seq);
          }}
          onPointerUp={() => setDragging(null)}
          onKeyUp={() => setDragging(null)}
        />
      </div>
      <div className="b-timeline-row">
        <button type="button" className="button" onClick={() => onStep(-1)} data-testid="step-back">
          {`◀ ${t.b_stepBack}`}
        </button>
        <span className="b-timeline-at" data-testid="timeline-at">
          {fill(t.b_atEvent, { seq: value, max: head, time: timeAndDate(shownAt, lang) })}
        </span>
        <button type="button" className="button" onClick={() => onStep(1)} data-testid="step-forward">
          {`${t.b_stepForward} ▶`}
        </button>
        <label className="b-inline">
          {t.b_goToTime}
          <input type="datetime-local" defaultValue={localInput} key={localInput} onChange={(e) => e.target.value && onTime(fromLocalInput(e.target.value, lang.timeZone))} data-testid="timeline-time" />
        </label>
        <span className="b-spacer" />
        <label className="b-inline">
          {t.b_replayDay}
          <input type="date" value={day} max={localDay(Date.now(), lang.timeZone)} onChange={(e) => setDay(e.target.value)} data-testid="replay-day" />
        </label>
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value) as ReplaySpeed)} aria-label={t.b_replaySpeed} data-testid="replay-speed">
          {REPLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>{`${s}×`}</option>
          ))}
        </select>
        {replaying ? (
          <button type="button" className="button" onClick={onStopReplay} data-testid="replay-stop">
            {t.b_replayStop}
          </button>
        ) : (
          <button type="button" className="button primary" onClick={() => day && onReplay(day, speed)} data-testid="replay-start">
            {t.b_replayStart}
          </button>
        )}
      </div>
    </div>
  );
}

/** The zone's offset from UTC at `ms` (ms), for showing and reading local date-time inputs. */
function offsetOf(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - Math.floor(ms / 60_000) * 60_000;
}

/** A `datetime-local` value read in the province's zone, as an ISO instant. */
function fromLocalInput(value: string, timeZone: string): string {
  const asUtc = Date.parse(`${value}:00Z`);
  return new Date(asUtc - offsetOf(asUtc, timeZone)).toISOString();
}
