import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '@shared/call';
import type { Lang } from '../../i18n/lang';
import { failureText } from '../../i18n/problems';

/** Why a mark was refused, in words a presenter can act on. */
export function markError(err: unknown, lang: Lang): string {
  const { t } = lang;
  if (err instanceof ApiError) {
    if (err.code === 'forbidden') return t.b_markForbidden;
    if (err.code === 'unauthorized') return t.unauthorized;
    if (err.code === 'network' || err.code === 'store_unavailable') return t.b_markUnavailable;
    return `${t.b_markFailed} (${failureText(t, err, lang.names)})`;
  }
  return `${t.b_markFailed} (${String(err)})`;
}

/** Asks for the briefing's title, then marks its start; the slides then freeze at the mark. */
export function MarkDialog({ lang, initialTitle, onMark, onClose }: { lang: Lang; initialTitle: string; onMark: (title: string) => Promise<void>; onClose: () => void }) {
  const { t } = lang;
  const [title, setTitle] = useState(initialTitle);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) return setError(t.b_markTitleNeeded);
    setBusy(true);
    try {
      await onMark(trimmed.slice(0, 200));
      onClose();
    } catch (err) {
      setError(markError(err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="b-dialog-back" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form className="b-dialog" onSubmit={(e) => void submit(e)} data-testid="mark-dialog">
        <h2>{t.b_markTitle}</h2>
        <p className="b-muted">{t.b_markHelp}</p>
        <input ref={input} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} aria-label={t.b_markTitle} data-testid="mark-title" />
        {error && (
          <div className="b-error" role="alert" data-testid="mark-error">
            {error}
          </div>
        )}
        <div className="b-dialog-buttons">
          <button type="button" className="button" onClick={onClose}>
            {t.b_cancel}
          </button>
          <button type="submit" className="button primary" disabled={busy} data-testid="mark-submit">
            {t.b_mark}
          </button>
        </div>
      </form>
    </div>
  );
}
