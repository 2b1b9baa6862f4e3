import { useEffect, useRef, useState } from 'react';
import type { Catalog } from '@shared/catalog';
import type { ErrorDetail } from '@shared/errors';
import { EventSchema, type IocEvent } from '@shared/events';
import { detailsOf } from '@shared/errors';
import { checkEvents } from '@shared/validate';
import { fill, type Messages } from '../../i18n';
import type { Lang } from '../../i18n/lang';
import { detailText, errorText } from '../../i18n/problems';
import type { WriteFailure } from '../../data/unitApi';
import type { Fate, Outbox } from './outbox';

/** A random event id: the same one is sent on every retry, so the server stores it once. */
export function newEventId(prefix = 'console'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Problems the server would answer with, found before sending (same schema and checks), with `events.N.field` paths. */
export function localProblems(catalog: Catalog, events: IocEvent[], now: number): ErrorDetail[] {
  const parsed = events.map((event) => EventSchema.safeParse(event));
  const schema = parsed.flatMap((p, i) => (p.success ? [] : detailsOf(p.error, ['events', i])));
  if (schema.length) return schema;
  return checkEvents(
    catalog,
    parsed.flatMap((p) => (p.success ? [p.data] : [])),
    now,
  ).map(({ index, detail }) => ({ ...detail, path: `events.${index}.${detail.path}` }));
}

/** A failure that will be retried, in plain words. */
export function retryReason(t: Messages, failure: WriteFailure): string {
  if (failure.kind !== 'retry') return '';
  const reason = { offline: t.c_offline, timeout: t.c_timeout, unavailable: t.c_unavailable, rate_limited: t.c_rateLimited }[failure.reason];
  return `${reason} ${t.c_queued}`;
}

export interface SubmitState {
  fate: Fate | null;
  /** Field name -> problem, from local checks or the server's 400 details. */
  errors: Record<string, string>;
  /** A problem no field owns. */
  general: string | null;
  busy: boolean;
}

/**
 * Submits a form's events through the outbox and follows what becomes of them: stored, waiting
 * (with the reason), or refused (each detail next to the field its `path` names, via `fieldOf`).
 */
export function useSubmit(outbox: Outbox, lang: Pick<Lang, 't' | 'names'>, fieldOf: (index: number, field: string) => string | null) {
  const [key, setKey] = useState<string | null>(null);
  const [state, setState] = useState<SubmitState>({ fate: null, errors: {}, general: null, busy: false });
  // The form's latest mapping, read when a fate arrives: a new function each render must not resubscribe.
  const fieldOfNow = useRef(fieldOf);
  useEffect(() => {
    fieldOfNow.current = fieldOf;
  });
  useEffect(() => {
    if (!key) return;
    const follow = () => {
      const fate = outbox.fate(key);
      if (fate) setState(stateOf(fate, lang, fieldOfNow.current));
    };
    follow();
    return outbox.subscribe(follow);
  }, [key, outbox, lang]);

  const submit = (label: string, events: IocEvent[], problems: ErrorDetail[]) => {
    if (problems.length) {
      setState(stateOf({ state: 'refused', failure: { kind: 'refused', code: 'invalid_event', message: '', details: problems } }, lang, fieldOf));
      return;
    }
    const queued = outbox.submit(label, events);
    if (!queued) return setState({ fate: null, errors: {}, general: 'full', busy: false });
    setState({ fate: null, errors: {}, general: null, busy: true });
    setKey(queued.key);
  };
  return { ...state, submit, reset: () => setState({ fate: null, errors: {}, general: null, busy: false }) };
}

function stateOf(fate: Fate, { t, names }: Pick<Lang, 't' | 'names'>, fieldOf: (index: number, field: string) => string | null): SubmitState {
  if (fate.state !== 'refused') return { fate, errors: {}, general: null, busy: false };
  const errors: Record<string, string> = {};
  const general: string[] = [];
  for (const d of fate.failure.details) {
    const match = /^events\.(\d+)\.(\w+)/.exec(d.path);
    const field = match ? fieldOf(Number(match[1]), match[2]!) : null;
    const text = detailText(t, d, names);
    // The same problem of several events (one day for a row of counts) is said once.
    if (field) errors[field] = !errors[field] ? text : errors[field].split('; ').includes(text) ? errors[field] : `${errors[field]}; ${text}`;
    else if (!general.includes(text)) general.push(text);
  }
  if (!fate.failure.details.length) general.push(errorText(t, fate.failure.code));
  return { fate, errors, general: general.length ? general.join('; ') : null, busy: false };
}

/** The line under a form's button: stored, waiting and why, or refused. */
export function outcomeText(t: Messages, s: SubmitState): { kind: 'ok' | 'warn' | 'bad'; text: string } | null {
  if (s.general === 'full') return { kind: 'bad', text: t.c_queueFull };
  if (!s.fate) return s.general ? { kind: 'bad', text: s.general } : s.busy ? { kind: 'warn', text: t.c_sending } : null;
  if (s.fate.state === 'stored') return { kind: 'ok', text: fill(t.c_stored, { seq: s.fate.seqs.map((n) => `#${n}`).join(', ') }) };
  if (s.fate.state === 'waiting') return { kind: 'warn', text: retryReason(t, s.fate.failure) };
  if (s.fate.state === 'unauthorized') return { kind: 'bad', text: t.c_revoked };
  return { kind: 'bad', text: s.general ?? t.c_refused };
}
