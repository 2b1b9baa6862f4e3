import { useCallback, useEffect, useRef, useState } from 'react';
import type { Catalog } from '@shared/catalog';
import type { ReadEvent } from '@shared/events';
import { derive, type StateView } from '@shared/projection';
import { nextDay, startOfLocalDay } from '@shared/time';
import type { Api, Pin } from '../../data/api';
import { ApiError } from '@shared/call';
import { toProjection } from '../../data/projection';
import type { Moment } from './options';
import { applyUntil, REPLAY_BUFFER, REPLAY_FRAME_MS, replayEnd, replayInstant, type ReplaySpeed } from './replay';

export interface Shown {
  state: StateView;
  epoch: string;
  /** What was asked for: now (frozen when fetched), a seq or a time. */
  moment: Moment;
  /**
   * Set while a day is being replayed (and after). `done`: stopped, at the day's end or at the
   * present; `present`: it caught up with the present (a replay of today), its last frame the state now.
   */
  replay: { day: string; speed: ReplaySpeed; instant: number; done: boolean; present: boolean } | null;
}

export interface ShownControls {
  shown: Shown | null;
  loading: boolean;
  error: ApiError | null;
  /** Shows the state at `moment` (null: now). Requests made while one is running coalesce: the last one wins. */
  go: (moment: Moment) => void;
  /**
   * Shows the state `delta` events from the one shown (`shownSeq`), kept within 0..`max`; a step
   * taken while an earlier one is still loading counts from that one, so quick steps are never lost.
   */
  step: (delta: number, shownSeq: number, max?: number) => void;
  /** Replays `day` (YYYY-MM-DD, province time) at `speed` times real time. */
  replay: (day: string, speed: ReplaySpeed) => void;
  stopReplay: () => void;
}

/** The frozen state the slides show, from `GET /api/v1/state` (now, `?seq=` or `?at=`), or a replay computed in the browser. */
export function useShown(api: Api, catalog: Catalog | null, initial: Moment): ShownControls {
  const [shown, setShown] = useState<Shown | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const running = useRef(false);
  const queued = useRef<{ moment: Moment } | null>(null);
  /** The last moment asked for through go(). */
  const requested = useRef<Moment>(initial);
  /** Grows when a replay starts or stops: a replay's loop ends when it changes. */
  const replayRun = useRef(0);
  /** Grows only when a replay starts: a fetch that began before it must not replace its frames. */
  const replays = useRef(0);

  const fetchMoment = useCallback(
    async (moment: Moment) => {
      running.current = true;
      setLoading(true);
      const replaysBefore = replays.current;
      try {
        const pin: Pin | undefined = moment ?? undefined;
        const answer = await api.state(pin);
        // While dragging, each answer is drawn as it comes, the latest asked for right after.
        if (replays.current === replaysBefore) setShown({ state: answer.state, epoch: answer.epoch, moment, replay: null });
        setError(null);
      } catch (err) {
        setError(err instanceof ApiError ? err : new ApiError('network', 0, String(err)));
      } finally {
        running.current = false;
        const next = queued.current;
        queued.current = null;
        if (next) void fetchMoment(next.moment);
        else setLoading(false);
      }
    },
    [api],
  );

  const go = useCallback(
    (moment: Moment) => {
      replayRun.current += 1;
      requested.current = moment;
      if (running.current) queued.current = { moment };
      else void fetchMoment(moment);
    },
    [fetchMoment],
  );

  const step = useCallback(
    (delta: number, shownSeq: number, max = Number.POSITIVE_INFINITY) => {
      const last = requested.current;
      const from = running.current && last !== null && 'seq' in last ? last.seq : shownSeq;
      go({ seq: Math.min(max, Math.max(0, from + delta)) });
    },
    [go],
  );

  // The first moment only: later ones come through go().
  const first = useRef(initial);
  useEffect(() => go(first.current), [go]);

  const stopReplay = useCallback(() => {
    replayRun.current += 1;
    setShown((s) => (s?.replay ? { ...s, replay: { ...s.replay, done: true } } : s));
  }, []);

  const replay = useCallback(
    (day: string, speed: ReplaySpeed) => {
      if (!catalog) return;
      const tz = catalog.config.province.timeZone;
      const dayStart = startOfLocalDay(day, tz);
      const dayEnd = startOfLocalDay(nextDay(day), tz) - 1;
      // A day not begun has nothing to replay (the day picker offers none).
      if (dayStart > Date.now()) return;
      const run = ++replayRun.current;
      replays.current += 1;
      void (async () => {
        setLoading(true);
        try {
          const start = await api.state({ at: new Date(dayStart).toISOString() });
          if (run !== replayRun.current) return;
          const projection = toProjection(start.state);
          const buffer: ReadEvent[] = [];
          let pending: Promise<void> | null = null;
          let exhausted = false;
          /** Asks for the next page of events after the buffer, unless one is on its way or none is left of the day. */
          const fill = (): Promise<void> => {
            if (exhausted) return Promise.resolve();
            pending ??= (async () => {
              try {
                const page = await api.events(buffer.at(-1)?.seq ?? projection.seq, 1000);
                buffer.push(...page.events);
                const last = page.events.at(-1);
                exhausted = page.events.length < 1000 || (last !== undefined && Date.parse(last.receivedAt) > dayEnd);
              } finally {
                pending = null;
              }
            })();
            return pending;
          };
          await fill();
          setLoading(false);
          const startedReal = performance.now();
          for (;;) {
            if (run !== replayRun.current) return;
            const now = Date.now();
            const instant = replayInstant(dayStart, dayEnd, startedReal, performance.now(), speed, now);
            const done = instant >= replayEnd(dayEnd, now);
            const present = done && instant < dayEnd;
            if (present) {
              // Caught up with the present: the last frame has every event written until now.
              await pending;
              exhausted = false;
              while (!exhausted) await fill();
              if (run !== replayRun.current) return;
            }
            const used = applyUntil(catalog, projection, buffer, instant);
            buffer.splice(0, used);
            if (buffer.length < REPLAY_BUFFER) void fill();
            setShown({ state: derive(catalog, projection, instant), epoch: start.epoch, moment: { at: new Date(instant).toISOString() }, replay: { day, speed, instant, done, present } });
            if (done) return;
            await new Promise((r) => setTimeout(r, REPLAY_FRAME_MS));
          }
        } catch (err) {
          setLoading(false);
          setError(err instanceof ApiError ? err : new ApiError('network', 0, String(err)));
        }
      })();
    },
    [api, catalog],
  );

  return { shown, loading, error, go, step, replay, stopReplay };
}
