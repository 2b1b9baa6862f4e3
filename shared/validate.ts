import type { Catalog } from './catalog';
import type { ErrorDetail } from './errors';
import type { DisplayCommand, IndicatorReported, IocEvent } from './events';
import { ALL_DISPLAYS, isKnownAlertId, periodProblem, valueProblem, WALL_PAGES } from './projection';
import { localDay } from './time';

/** How far in the future an event's `at` may be. */
export const MAX_FUTURE_MS = 5 * 60_000;

/**
 * Checks an event that already fits its schema against the province config and the clock.
 * Returns one detail per problem, with paths relative to the event.
 */
export function checkEvent(catalog: Catalog, event: IocEvent, now: number): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  if (!catalog.units.has(event.unit)) problem('unit', `unknown unit "${event.unit}"`);
  const { since, province } = catalog.config;
  if (Date.parse(event.at) > now + MAX_FUTURE_MS) problem('at', 'is more than 5 minutes in the future');
  else if (localDay(Date.parse(event.at), province.timeZone) < since) problem('at', `is before ${since}, the earliest day accepted (config since)`);
  for (const field of TEXT_FIELDS) {
    const value = (event as Partial<Record<(typeof TEXT_FIELDS)[number], unknown>>)[field];
    const refused = typeof value === 'string' ? textProblem(value) : null;
    if (refused) problem(field, refused);
  }

  switch (event.type) {
    case 'indicator.reported': {
      const indicator = catalog.indicators.get(event.indicator);
      if (!indicator) problem('indicator', `unknown indicator "${event.indicator}"`);
      else if (indicator.kind === 'ratio') problem('indicator', `"${event.indicator}" is a ratio: report its counters instead`);
      else {
        const bad = valueProblem(indicator, event.value);
        if (bad !== null) problem('value', bad);
      }
      if (event.scope !== undefined && !catalog.units.has(event.scope)) problem('scope', `unknown unit "${event.scope}"`);
      if (event.period < since) problem('period', `is before ${since}, the earliest day accepted (config since)`);
      else if (event.period > localDay(now, province.timeZone)) problem('period', `is after today (${localDay(now, province.timeZone)}): report a day once it has begun`);
      else if (indicator?.kind === 'counter') {
        const old = periodProblem(catalog, event.period, now);
        if (old !== null) problem('period', old);
      }
      break;
    }
    case 'progress.reported':
      if (!catalog.items.has(event.item)) problem('item', `unknown task or model "${event.item}"`);
      break;
    case 'alert.acknowledged':
      if (!isKnownAlertId(catalog, event.alert)) problem('alert', `unknown alert "${event.alert}"`);
      break;
    case 'display.command':
      checkCommand(event, problem);
      break;
    default:
      break;
  }
  return problems;
}

/** The fields of free text an event may carry. */
const TEXT_FIELDS = ['note', 'text', 'title'] as const;

/**
 * Characters a text may not hold: controls but LF and tab, bidi overrides and isolates (they make
 * a note read differently from what it says), zero-width characters and byte order marks (they
 * hide inside names), and halves of surrogate pairs (a broken paste; not text at all).
 */
function refusedChar(code: number): string | null {
  if ((code < 0x20 && code !== 0x0a && code !== 0x09) || (code >= 0x7f && code <= 0x9f)) return 'a control character';
  if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return 'a bidi override or isolate character';
  if ((code >= 0x200b && code <= 0x200f) || code === 0x2060 || code === 0xfeff) return 'a zero-width character';
  return null;
}

/** Why a free text is refused (naming the character and where it is), or null when it may be stored. */
export function textProblem(value: string): string | null {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const where = `(U+${code.toString(16).toUpperCase().padStart(4, '0')}) at character ${i + 1}`;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return `contains an unpaired surrogate ${where}`;
      i += 1;
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return `contains an unpaired surrogate ${where}`;
    const what = refusedChar(code);
    if (what) return `contains ${what} ${where}`;
  }
  return null;
}

/** Which of `page`, `seconds` and `text` each action takes, and which it needs. */
const COMMAND_FIELDS: Record<DisplayCommand['action'], { takes: ('page' | 'seconds' | 'text')[]; needs: ('page' | 'seconds' | 'text')[] }> = {
  show_page: { takes: ['page', 'seconds'], needs: ['page', 'seconds'] },
  message: { takes: ['text', 'seconds'], needs: ['text'] },
  pause: { takes: [], needs: [] },
  resume: { takes: [], needs: [] },
  clear: { takes: [], needs: [] },
};

function checkCommand(event: DisplayCommand, problem: (path: string, message: string) => void): void {
  const rule = COMMAND_FIELDS[event.action];
  for (const field of ['page', 'seconds', 'text'] as const) {
    const given = event[field] !== undefined;
    if (!given && rule.needs.includes(field)) problem(field, `${event.action} needs ${field}`);
    if (given && !rule.takes.includes(field)) problem(field, `${event.action} takes no ${field}`);
  }
  if (event.page !== undefined && !(WALL_PAGES as readonly string[]).includes(event.page)) problem('page', `unknown page "${event.page}"; use one of ${WALL_PAGES.join(', ')}`);
}

/** What the server knows beyond the config when it checks a write. */
export interface LiveFacts {
  /** Ids of the alerts active now, derived at the server's clock. */
  activeAlerts: ReadonlySet<string>;
  /** Ids of the walls connected to any node now. */
  displays: ReadonlySet<string>;
}

/**
 * Checks an event against the live state: an acknowledgement must name an alert active now,
 * a command must name a wall connected now (or `all`). Paths are relative to the event.
 */
export function checkAgainstLive(facts: LiveFacts, event: IocEvent): ErrorDetail[] {
  if (event.type === 'alert.acknowledged' && !facts.activeAlerts.has(event.alert)) {
    return [{ path: 'alert', message: `"${event.alert}" is not active now (it may have cleared); nothing to acknowledge` }];
  }
  if (event.type === 'display.command' && event.target !== ALL_DISPLAYS && !facts.displays.has(event.target)) {
    return [{ path: 'target', message: `no wall "${event.target}" is connected now` }];
  }
  return [];
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
          problems.push({ index: own.index, detail: { path: 'value', message: `${indicator.id} is ${own.event.value} but its parts (${indicator.parts.join(', ')}) add up to ${sum.value} for ${scope} on ${period}` } });
        }
      }
      if (indicator.kind === 'ratio') {
        const num = value(indicator.numerator);
        const den = value(indicator.denominator);
        if (num && den && num.value > den.value) {
          problems.push({ index: num.index, detail: { path: 'value', message: `${indicator.numerator} (${num.value}) is above ${indicator.denominator} (${den.value}) for ${scope} on ${period}` } });
        }
      }
    }
  }
  return problems;
}
