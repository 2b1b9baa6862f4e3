import type { Catalog } from './catalog';
import type { ErrorDetail } from './errors';
import { liveProblem, typeProblems, type LiveFacts } from './event-types';
import type { IndicatorReported, IocEvent } from './events';
import { problem, problemAt, type Problem, type ProblemCode, type ProblemParams } from './problems';
import { localDay } from './time';

export type { LiveFacts } from './event-types';

/** How far in the future an event's `at` may be. */
export const MAX_FUTURE_MS = 5 * 60_000;

/**
 * Checks an event that already fits its schema against the province config and the clock.
 * Returns one detail per problem, with paths relative to the event.
 */
export function checkEvent(catalog: Catalog, event: IocEvent, now: number): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add: ProblemAt = (path, code, params) => problems.push(problemAt(path, code, params));
  if (!catalog.units.has(event.unit)) add('unit', 'unknown_unit', { unit: event.unit });
  const { since, province } = catalog.config;
  if (Date.parse(event.at) > now + MAX_FUTURE_MS) add('at', 'at_future', { minutes: MAX_FUTURE_MS / 60_000 });
  else if (localDay(Date.parse(event.at), province.timeZone) < since) add('at', 'before_since', { since });
  for (const field of TEXT_FIELDS) {
    const value = (event as Partial<Record<(typeof TEXT_FIELDS)[number], unknown>>)[field];
    const refused = typeof value === 'string' ? textProblem(value) : null;
    if (refused) problems.push({ path: field, ...refused });
  }
  // The checks of the event's own type, from the event-type registry.
  problems.push(...typeProblems(catalog, event, now));
  return problems;
}

/** Adds a problem of the field `path`. */
type ProblemAt = (path: string, code: ProblemCode, params?: ProblemParams) => void;

/** The fields of free text an event may carry. */
const TEXT_FIELDS = ['note', 'text', 'title'] as const;

/**
 * Characters a text may not hold: controls but LF and tab, bidi overrides and isolates (they make
 * a note read differently from what it says), zero-width characters and byte order marks (they
 * hide inside names), and halves of surrogate pairs (a broken paste; not text at all).
 */
function refusedChar(code: number): ProblemCode | null {
  if ((code < 0x20 && code !== 0x0a && code !== 0x09) || (code >= 0x7f && code <= 0x9f)) return 'text_control';
  if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return 'text_bidi';
  if ((code >= 0x200b && code <= 0x200f) || code === 0x2060 || code === 0xfeff) return 'text_zero_width';
  return null;
}

/** Why a free text is refused (naming the character and where it is), or null when it may be stored. */
export function textProblem(value: string): Problem | null {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const where = { char: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`, position: i + 1 };
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return problem('text_surrogate', where);
      i += 1;
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return problem('text_surrogate', where);
    const what = refusedChar(code);
    if (what) return problem(what, where);
  }
  return null;
}

/**
 * Checks an event against the live state: an acknowledgement must name an alert active now,
 * a command must name a wall connected now (or `all`). Paths are relative to the event.
 */
export function checkAgainstLive(facts: LiveFacts, event: IocEvent): ErrorDetail[] {
  const refused = liveProblem(facts, event);
  return refused ? [refused] : [];
}

/** A problem of one event of a batch, by its index in the batch. */
export interface BatchProblem {
  index: number;
  detail: ErrorDetail;
}

/**
 * Checks every event of a batch (`checkEvent`) and then the batch as a whole: figures of the same
 * unit, scope and day that contradict each other (online above total, a whole that is not the sum
 * of its parts). HTTP, the CSV import and the console all call this one.
 */
export function checkEvents(catalog: Catalog, events: IocEvent[], now: number): BatchProblem[] {
  const problems = events.flatMap((event, index) => checkEvent(catalog, event, now).map((detail) => ({ index, detail })));
  return problems.length ? problems : checkBatch(catalog, events);
}

/** The figures of a batch that contradict each other within one (scope, day). */
function checkBatch(catalog: Catalog, events: IocEvent[]): BatchProblem[] {
  // The report in force in the batch for each (indicator, scope, day): the latest `at`, ties to the later one.
  const inForce = new Map<string, { index: number; event: IndicatorReported }>();
  const key = (indicator: string, scope: string, day: string) => `${indicator}|${scope}|${day}`;
  events.forEach((event, index) => {
    if (event.type !== 'indicator.reported') return;
    const k = key(event.indicator, event.scope ?? event.unit, event.period);
    const held = inForce.get(k);
    if (!held || Date.parse(event.at) >= Date.parse(held.event.at)) inForce.set(k, { index, event });
  });
  const problems: BatchProblem[] = [];
  const days = new Set([...inForce.values()].map(({ event }) => `${event.scope ?? event.unit}|${event.period}`));
  for (const day of days) {
    const [scope = '', period = ''] = day.split('|');
    const reported = (id: string) => inForce.get(key(id, scope, period));
    /** The value in force in the batch: a whole is the sum of its parts when all are given. */
    const value = (id: string): { index: number; value: number } | undefined => {
      const indicator = catalog.indicators.get(id);
      const parts = indicator?.kind === 'counter' && indicator.parts ? indicator.parts.map(reported) : [];
      if (parts.length && parts.every((p) => p !== undefined)) return { index: Math.max(...parts.map((p) => p!.index)), value: parts.reduce((a, p) => a + p!.event.value, 0) };
      const own = reported(id);
      return own && { index: own.index, value: own.event.value };
    };
    for (const indicator of catalog.config.indicators) {
      if (indicator.kind === 'counter' && indicator.parts) {
        const own = reported(indicator.id);
        const sum = value(indicator.id);
        if (own && sum && own.index !== sum.index && own.event.value !== sum.value) {
          const params = { indicator: indicator.id, value: own.event.value, parts: indicator.parts.join(', '), sum: sum.value, scope, period };
          problems.push({ index: own.index, detail: problemAt('value', 'parts_sum_differs', params) });
        }
      }
      if (indicator.kind === 'ratio') {
        const num = value(indicator.numerator);
        const den = value(indicator.denominator);
        if (num && den && num.value > den.value) {
          const params = { numerator: indicator.numerator, value: num.value, denominator: indicator.denominator, total: den.value, scope, period };
          problems.push({ index: num.index, detail: problemAt('value', 'online_above_total', params) });
        }
      }
    }
  }
  return problems;
}
