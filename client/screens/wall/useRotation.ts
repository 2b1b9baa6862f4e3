import { useEffect, useRef, useState } from 'react';
import type { Alert } from '@shared/projection';
import type { RotationStep } from './rotation';

export interface RotationState {
  index: number;
  paused: boolean;
  takeover: Alert | null;
}

/**
 * Steps through the pages with their own durations; P or the space bar pauses.
 * An alert that becomes active (not acknowledged, not seen before) takes over the
 * screen for `alertSeconds`, then rotation resumes. Alerts present at start-up are not news.
 * While `hold` (the desk shows a page or a message, or paused the walls) the page does not move on.
 */
export function useRotation(steps: RotationStep[], alerts: Alert[] | null, alertSeconds: number, hold = false): RotationState {
  const [index, setIndex] = useState(0);
  const [paused, setPaused] = useState(false);
  const [takeover, setTakeover] = useState<Alert | null>(null);
  const seen = useRef<Set<string> | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'p' || e.key === 'P' || e.key === ' ') setPaused((p) => !p);
      if (e.key === 'ArrowRight') setIndex((i) => (i + 1) % steps.length);
      if (e.key === 'ArrowLeft') setIndex((i) => (i - 1 + steps.length) % steps.length);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [steps.length]);

  useEffect(() => {
    if (paused || hold || takeover || steps.length < 2) return;
    const timer = setTimeout(() => setIndex((i) => (i + 1) % steps.length), (steps[index % steps.length]?.seconds ?? 60) * 1000);
    return () => clearTimeout(timer);
  }, [index, paused, hold, takeover, steps]);

  useEffect(() => {
    if (!alerts) return;
    const active = alerts.filter((a) => !a.acknowledged);
    if (seen.current === null) {
      seen.current = new Set(active.map((a) => a.id));
      return;
    }
    const fresh = active.find((a) => !seen.current!.has(a.id));
    for (const a of active) seen.current.add(a.id);
    // Forget cleared alerts, so one that comes back is news again; the set stays bounded.
    for (const id of seen.current) if (!active.some((a) => a.id === id)) seen.current.delete(id);
    if (fresh && alertSeconds > 0) setTakeover(fresh);
  }, [alerts, alertSeconds]);

  useEffect(() => {
    if (!takeover) return;
    const timer = setTimeout(() => setTakeover(null), alertSeconds * 1000);
    return () => clearTimeout(timer);
  }, [takeover, alertSeconds]);

  return { index: index % Math.max(1, steps.length), paused, takeover };
}
