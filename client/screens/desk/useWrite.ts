import { useCallback, useRef, useState } from 'react';
import { ApiError } from '@shared/call';
import { failureOf } from '../../data/unitApi';
import { fill } from '../../i18n';
import type { Lang } from '../../i18n/lang';
import { failureText } from '../../i18n/problems';
import type { DeskApi } from './deskApi';

export interface WriteState {
  busy: boolean;
  /** What happened to the last write, in words, and whether it worked. */
  result: { ok: boolean; text: string } | null;
}

/** Fields of an event the desk writes; the hook adds `id`, `unit` and `at`. */
export type DeskEvent = Record<string, unknown> & { type: string };

/**
 * Writes desk events one at a time. An event sent again with the same content after a failure
 * keeps its id, so a write that did reach the store before its answer was lost is not stored twice.
 */
export function useWrite(api: DeskApi, unit: string, now: () => number, { t, names }: Pick<Lang, 't' | 'names'>): [WriteState, (event: DeskEvent) => Promise<boolean>] {
  const [state, setState] = useState<WriteState>({ busy: false, result: null });
  const lastFailed = useRef<{ content: string; sent: Record<string, unknown> } | null>(null);
  const write = useCallback(
    async (event: DeskEvent) => {
      const content = JSON.stringify({ ...event, unit });
      // The same write again after a failure is the same event, byte for byte: the store then dedupes it.
      const sent = lastFailed.current?.content === content ? lastFailed.current.sent : { ...event, id: `desk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, unit, at: new Date(now()).toISOString() };
      setState({ busy: true, result: null });
      try {
        const seq = await api.write(sent);
        lastFailed.current = null;
        setState({ busy: false, result: { ok: true, text: fill(t.desk_done, { seq }) } });
        return true;
      } catch (err) {
        // Refused outright (a 4xx other than a rate limit): nothing was stored, a new try is a new event.
        const retryable = failureOf(err).kind === 'retry';
        lastFailed.current = retryable ? { content, sent } : null;
        const text = err instanceof ApiError && err.code === 'network' ? t.desk_network : fill(t.desk_failed, { message: failureText(t, err, names) });
        setState({ busy: false, result: { ok: false, text } });
        return false;
      }
    },
    [api, unit, now, t, names],
  );
  return [state, write];
}
