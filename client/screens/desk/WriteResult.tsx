import type { WriteState } from './useWrite';

/** What became of the last write of a form: stored (with its seq), or why not, in words. */
export function WriteResult({ state }: { state: WriteState }) {
  if (!state.result) return null;
  return (
    <div className={`desk-result ${state.result.ok ? 'ok' : 'failed'}`} role="status" data-testid="write-result" data-ok={state.result.ok}>
      {state.result.text}
    </div>
  );
}
