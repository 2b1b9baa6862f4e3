import { useEffect, useState } from 'react';
import type { BriefingMark, StateView } from '@shared/projection';
import type { Api } from '../../data/api';
import { ApiError } from '@shared/call';
import { chooseBaseline } from './baseline';

export interface Baseline {
  seq: number;
  mark: BriefingMark | null;
  /** The state at the baseline, as `GET /api/v1/state?seq=` gives it; null while it loads. */
  state: StateView | null;
  error: ApiError | null;
}

/** The baseline for the shown state: the chosen mark (or seq), else the previous mark; its state fetched once per seq. */
export function useBaseline(api: Api, shown: StateView | null, wanted: number | null): Baseline | null {
  const choice = shown ? chooseBaseline(shown.briefings, shown.seq, wanted) : null;
  const seq = choice?.seq ?? null;
  const [loaded, setLoaded] = useState<{ seq: number; state: StateView | null; error: ApiError | null } | null>(null);
  useEffect(() => {
    if (seq === null) return;
    let current = true;
    setLoaded({ seq, state: null, error: null });
    api.state({ seq }).then(
      (answer) => current && setLoaded({ seq, state: answer.state, error: null }),
      (err: unknown) => current && setLoaded({ seq, state: null, error: err instanceof ApiError ? err : new ApiError('network', 0, String(err)) }),
    );
    return () => {
      current = false;
    };
  }, [api, seq]);
  if (!choice) return null;
  const mine = loaded?.seq === choice.seq ? loaded : null;
  return { seq: choice.seq, mark: choice.mark, state: mine?.state ?? null, error: mine?.error ?? null };
}
