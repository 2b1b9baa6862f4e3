import { useState } from 'react';
import type { IocEvent } from '@shared/events';
import { reportableScopes, type OwnItem } from '@shared/projection/selectors-unit';
import type { StateView } from '@shared/projection';
import { formatDayWithWeekday } from '@shared/format';
import { localDay } from '@shared/time';
import { fill } from '../../i18n';
import { IN_READERS_WORDS } from '../../i18n/problems';
import type { Lang } from '../../i18n/lang';
import { Button, Field, Select } from '../../ui/fields';
import type { Outbox } from './outbox';
import { localProblems, newEventId, outcomeText, useSubmit, type SubmitState } from './submit';

export interface FormProps {
  lang: Lang;
  unit: string;
  outbox: Outbox;
  /** The server's clock now (ms). */
  now: () => number;
}

/** The line beside a form's button, with "send now" while a submission waits. */
/** A form's send button and, beside it, what became of the last submission. */
function SendRow({ lang, state, outbox, disabled, testId }: { lang: Lang; state: SubmitState; outbox: Outbox; disabled: boolean; testId: string }) {
  return (
    <div className="form-actions">
      <Button kind="primary" type="submit" disabled={disabled} data-testid={testId}>
        {lang.t.c_send}
      </Button>
      <Outcome lang={lang} state={state} outbox={outbox} />
    </div>
  );
}

function Outcome({ lang, state, outbox }: { lang: Lang; state: SubmitState; outbox: Outbox }) {
  const o = outcomeText(lang.t, state);
  if (!o) return null;
  return (
    <div className={`outcome ${o.kind}`} role="status" data-testid="outcome">
      <span>{o.text}</span>
      {state.fate?.state === 'waiting' && (
        <Button onClick={() => void outbox.flush()} data-testid="retry-now">
          {lang.t.c_retryNow}
        </Button>
      )}
    </div>
  );
}

/** A day's dossier counts (every daily counter) for the unit or a unit below it. */
export function CountsForm({ lang, unit, outbox, now, state }: FormProps & { state: StateView }) {
  const { t, names, catalog } = lang;
  const counters = catalog.config.indicators.filter((i) => i.kind === 'counter');
  const scopes = reportableScopes(catalog, unit);
  const [day, setDay] = useState(() => localDay(now(), lang.timeZone));
  const [scope, setScope] = useState(unit);
  const [values, setValues] = useState<Record<string, string>>({});
  const filled = counters.filter((i) => (values[i.id] ?? '').trim() !== '');
  const s = useSubmit(outbox, lang, (index, field) => (field === 'value' ? (filled[index]?.id ?? null) : field === 'period' ? 'day' : field === 'scope' ? 'scope' : null));
  /** The sum of a counter's parts (full-process + partial online dossiers) when every part is filled in; null otherwise. */
  const partsSum = (id: string): number | null => {
    const ind = catalog.indicators.get(id);
    const parts = ind?.kind === 'counter' ? (ind.parts ?? []) : [];
    const given = parts.map((p) => (values[p] ?? '').trim());
    return parts.length && given.every((v) => v !== '' && Number.isInteger(Number(v))) ? given.reduce((a, v) => a + Number(v), 0) : null;
  };

  const send = () => {
    const at = new Date(now()).toISOString();
    const events: IocEvent[] = filled.map((i) => ({ id: newEventId(), type: 'indicator.reported', unit, scope, at, indicator: i.id, value: Number(values[i.id]!.trim().replace(',', '.')), period: day }));
    const problems = localProblems(catalog, events, now());
    if (!events.length) problems.push({ path: 'events.0.value', message: t.c_nothingToSend, code: IN_READERS_WORDS });
    events.forEach((e, i) => {
      if (e.type === 'indicator.reported' && (!Number.isFinite(e.value) || values[filled[i]!.id]!.trim() === '')) problems.push({ path: `events.${i}.value`, message: t.c_notANumber, code: IN_READERS_WORDS });
    });
    // A day after today and a sum that is not its parts are the shared check's (localProblems), in the reader's words from their codes.
    s.submit(fill(t.c_countsLabel, { day, unit: names.unit(scope) }), events, problems);
  };
  return (
    <form className="console-form" data-testid="counts-form" onSubmit={(e) => (e.preventDefault(), send())}>
      <h3>{t.c_countsTitle}</h3>
      <Field label={t.c_day} type="date" value={day} max={localDay(now(), lang.timeZone)} onChange={(e) => setDay(e.target.value)} hint={formatDayWithWeekday(day, t.locale) ?? undefined} error={s.errors.day ?? null} name="day" />
      {scopes.length > 1 && <Select label={t.c_scope} value={scope} onChange={(e) => setScope(e.target.value)} options={scopes.map((u) => ({ value: u, text: names.unit(u) }))} error={s.errors.scope ?? null} />}
      {counters.map((i) => {
        const held = state.counters[i.id]?.[scope]?.[day];
        const sum = partsSum(i.id);
        const hint = [sum !== null ? fill(t.c_partsSum, { sum }) : null, held !== undefined ? fill(t.c_heldValue, { value: held }) : null].filter((h) => h !== null).join(' · ');
        return (
          <Field
            key={i.id}
            label={names.indicator(i.id)}
            name={i.id}
            inputMode="numeric"
            value={values[i.id] ?? ''}
            onChange={(e) => setValues({ ...values, [i.id]: e.target.value })}
            hint={hint || undefined}
            error={s.errors[i.id] ?? null}
          />
        );
      })}
      <SendRow lang={lang} state={s} outbox={outbox} disabled={s.busy} testId="send-counts" />
    </form>
  );
}

/** An item's progress: status, percent and a note; only for items the unit leads. */
export function ProgressForm({ lang, unit, outbox, now, items, initialItem }: FormProps & { items: OwnItem[]; initialItem: string | null }) {
  const { t, names, catalog } = lang;
  const [itemId, setItemId] = useState(initialItem ?? items[0]?.id ?? '');
  const current = items.find((i) => i.id === itemId);
  const [status, setStatus] = useState<string>(current?.status ?? 'in_progress');
  const [percent, setPercent] = useState(current ? String(current.percent) : '');
  const [note, setNote] = useState('');
  const s = useSubmit(outbox, lang, (_index, field) => (['item', 'status', 'percent', 'note'].includes(field) ? field : null));
  const lead = catalog.items.get(itemId)?.lead;
  const notYours = itemId !== '' && lead !== unit;

  const pick = (id: string) => {
    setItemId(id);
    const it = items.find((i) => i.id === id);
    if (it) {
      setStatus(it.status);
      setPercent(String(it.percent));
    }
    s.reset();
  };
  const send = () => {
    const value = percent.trim() === '' ? undefined : Number(percent.trim().replace(',', '.'));
    const event = { id: newEventId(), type: 'progress.reported', unit, at: new Date(now()).toISOString(), item: itemId, status, ...(value !== undefined ? { percent: value } : {}), ...(note.trim() ? { note: note.trim() } : {}) } as IocEvent;
    const problems = localProblems(catalog, [event], now());
    if (notYours) problems.push({ path: 'events.0.item', message: fill(t.c_notYours, { lead: names.unit(lead ?? '?') }), code: IN_READERS_WORDS });
    s.submit(fill(t.c_progressLabel, { item: names.item(itemId) }), [event], problems);
  };
  return (
    <form className="console-form" data-testid="progress-form" onSubmit={(e) => (e.preventDefault(), send())}>
      <h3>{t.c_progressTitle}</h3>
      {notYours && (
        <div className="not-yours" role="alert" data-testid="not-yours">
          {fill(t.c_notYoursPage, { item: names.item(itemId), lead: names.unit(lead ?? '?') })}
        </div>
      )}
      <Select label={t.c_item} value={itemId} onChange={(e) => pick(e.target.value)} options={[...(notYours ? [{ value: itemId, text: `${itemId} — ${names.item(itemId)}` }] : []), ...items.map((i) => ({ value: i.id, text: `${i.id} — ${names.item(i.id)}` }))]} error={s.errors.item ?? null} />
      <Select label={t.c_status} value={status} onChange={(e) => setStatus(e.target.value)} options={(['not_started', 'in_progress', 'done', 'blocked'] as const).map((v) => ({ value: v, text: t[`status_${v}`] }))} error={s.errors.status ?? null} disabled={notYours} />
      <Field label={t.c_percent} name="percent" inputMode="decimal" value={percent} onChange={(e) => setPercent(e.target.value)} error={s.errors.percent ?? null} disabled={notYours} />
      <Field label={t.c_note} name="note" value={note} onChange={(e) => setNote(e.target.value)} error={s.errors.note ?? null} disabled={notYours} maxLength={1000} />
      <SendRow lang={lang} state={s} outbox={outbox} disabled={s.busy || notYours} testId="send-progress" />
    </form>
  );
}

/** A note for the wall's ticker. */
export function NoteForm({ lang, unit, outbox, now }: FormProps) {
  const { t, catalog } = lang;
  const [text, setText] = useState('');
  const [severity, setSeverity] = useState('info');
  const s = useSubmit(outbox, lang, (_index, field) => (field === 'text' || field === 'severity' ? field : null));
  const send = () => {
    const event = { id: newEventId(), type: 'note.posted', unit, at: new Date(now()).toISOString(), text: text.trim(), severity } as IocEvent;
    s.submit(t.c_noteLabel, [event], localProblems(catalog, [event], now()));
  };
  return (
    <form className="console-form" data-testid="note-form" onSubmit={(e) => (e.preventDefault(), send())}>
      <h3>{t.c_noteTitle}</h3>
      <Field label={t.c_noteText} name="text" value={text} onChange={(e) => setText(e.target.value)} error={s.errors.text ?? null} maxLength={500} />
      <Select label={t.c_severity} value={severity} onChange={(e) => setSeverity(e.target.value)} options={(['info', 'warning', 'critical'] as const).map((v) => ({ value: v, text: t[`c_sev_${v}`] }))} />
      <SendRow lang={lang} state={s} outbox={outbox} disabled={s.busy} testId="send-note" />
    </form>
  );
}
