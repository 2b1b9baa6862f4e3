import { isWithin, type Catalog } from './catalog';
import type { DisplayCommand, EventOf, EventType, IocEvent } from './events';
import { ALL_DISPLAYS, isKnownAlertId, periodProblem, valueProblem, WALL_PAGES } from './projection';
import { problemAt, type ProblemDetail } from './problems';
import { localDay } from './time';

// The event-type registry: for each producer event type of `EVENT_SCHEMAS` (shared/events.ts,
// which holds its schema), who may write it and what its events must meet beyond their schema.
// Its reducer (shared/projection/apply.ts) and its ticker line (client/panels/describe.ts) are
// tables over the same types; a type missing from any of them is a type error (README, "Adding
// an event type"). `writeRefusal` (server/auth/permissions.ts), `checkEvent` and
// `checkAgainstLive` (shared/validate.ts) read it.

/** For a unit token, which writes as its own unit only: what else an event of the type must meet. */
type UnitRule<T extends EventType> = (catalog: Catalog, event: EventOf<T>, own: string) => ProblemDetail | null;

/** What the server knows beyond the config when it checks a write. */
export interface LiveFacts {
  /** Ids of the alerts active now, derived at the server's clock. */
  activeAlerts: ReadonlySet<string>;
  /** Ids of the walls connected to any node now. */
  displays: ReadonlySet<string>;
}

interface EventTypeRules<T extends EventType> {
  /** Who may write it beside an admin (a viewer writes nothing): an operator or not; a unit token under its rule, or not at all. */
  writers: { operator: boolean; unit: UnitRule<T> | false };
  /** Its checks against the config and the clock, beside those every event gets (`checkEvent`); null: none. */
  check: ((catalog: Catalog, event: EventOf<T>, now: number) => ProblemDetail[]) | null;
  /** Its check against the moment (`checkAgainstLive`); null: none. */
  live: ((facts: LiveFacts, event: EventOf<T>) => ProblemDetail | null) | null;
}

/** A unit's own event: nothing more to meet. */
const ownUnit = (): null => null;

/** A figure's scope (its unit when absent) is the token's unit or one of its units. */
const withinScope: UnitRule<'indicator.reported'> = (catalog, event, own) => {
  const scope = event.scope ?? event.unit;
  return isWithin(catalog, scope, own) ? null : problemAt('scope', 'scope_outside', { scope, unit: own });
};

/** The token's unit leads the task or model. */
const leadsItem: UnitRule<'progress.reported'> = (catalog, event, own) => {
  const lead = catalog.items.get(event.item)?.lead ?? '';
  return lead === own ? null : problemAt('item', 'not_your_item', { item: event.item, lead, unit: own });
};

export const EVENT_TYPE_RULES: { [T in EventType]: EventTypeRules<T> } = {
  'indicator.reported': { writers: { operator: false, unit: withinScope }, check: checkIndicator, live: null },
  'progress.reported': {
    writers: { operator: false, unit: leadsItem },
    check: (catalog, event) => (catalog.items.has(event.item) ? [] : [problemAt('item', 'unknown_item', { item: event.item })]),
    live: null,
  },
  'note.posted': { writers: { operator: true, unit: ownUnit }, check: null, live: null },
  'alert.acknowledged': {
    writers: { operator: true, unit: false },
    check: (catalog, event) => (isKnownAlertId(catalog, event.alert) ? [] : [problemAt('alert', 'unknown_alert', { alert: event.alert })]),
    live: (facts, event) => (facts.activeAlerts.has(event.alert) ? null : problemAt('alert', 'alert_not_active', { alert: event.alert })),
  },
  'briefing.marked': { writers: { operator: true, unit: false }, check: null, live: null },
  'display.command': {
    writers: { operator: true, unit: false },
    check: checkCommand,
    live: (facts, event) => (event.target === ALL_DISPLAYS || facts.displays.has(event.target) ? null : problemAt('target', 'display_not_connected', { target: event.target })),
  },
};

/** True when an operator may write events of `type`. */
export function operatorWrites(type: EventType): boolean {
  return EVENT_TYPE_RULES[type].writers.operator;
}

/** Why a unit token of unit `own` may not write `event`, already written as `own`; null when it may. */
export function unitRefusal(catalog: Catalog, event: IocEvent, own: string): ProblemDetail | null {
  return unitRefusalOf(event.type, event, catalog, own);
}
function unitRefusalOf<T extends EventType>(type: T, event: EventOf<T>, catalog: Catalog, own: string): ProblemDetail | null {
  const rule = EVENT_TYPE_RULES[type].writers.unit;
  return rule ? rule(catalog, event, own) : problemAt('type', 'unit_may_not_write', { type });
}

/** The checks of `event`'s own type (see `checkEvent` for those of every event). */
export function typeProblems(catalog: Catalog, event: IocEvent, now: number): ProblemDetail[] {
  return typeProblemsOf(event.type, event, catalog, now);
}
function typeProblemsOf<T extends EventType>(type: T, event: EventOf<T>, catalog: Catalog, now: number): ProblemDetail[] {
  return EVENT_TYPE_RULES[type].check?.(catalog, event, now) ?? [];
}

/** The check of `event` against the moment, by its type. */
export function liveProblem(facts: LiveFacts, event: IocEvent): ProblemDetail | null {
  return liveProblemOf(event.type, event, facts);
}
function liveProblemOf<T extends EventType>(type: T, event: EventOf<T>, facts: LiveFacts): ProblemDetail | null {
  return EVENT_TYPE_RULES[type].live?.(facts, event) ?? null;
}

function checkIndicator(catalog: Catalog, event: EventOf<'indicator.reported'>, now: number): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  const { since, province } = catalog.config;
  const indicator = catalog.indicators.get(event.indicator);
  if (!indicator) problems.push(problemAt('indicator', 'unknown_indicator', { name: event.indicator }));
  else if (indicator.kind === 'ratio') problems.push(problemAt('indicator', 'ratio_column', { name: event.indicator }));
  else {
    const bad = valueProblem(indicator, event.value);
    if (bad !== null) problems.push({ path: 'value', ...bad });
  }
  if (event.scope !== undefined && !catalog.units.has(event.scope)) problems.push(problemAt('scope', 'unknown_unit', { unit: event.scope }));
  const today = localDay(now, province.timeZone);
  if (event.period < since) problems.push(problemAt('period', 'before_since', { since }));
  else if (event.period > today) problems.push(problemAt('period', 'period_after_today', { day: event.period, today, timeZone: province.timeZone }));
  else if (indicator?.kind === 'counter') {
    const old = periodProblem(catalog, event.period, now);
    if (old !== null) problems.push({ path: 'period', ...old });
  }
  return problems;
}

/** Which of `page`, `seconds` and `text` each action takes, and which it needs. */
const COMMAND_FIELDS: Record<DisplayCommand['action'], { takes: ('page' | 'seconds' | 'text')[]; needs: ('page' | 'seconds' | 'text')[] }> = {
  show_page: { takes: ['page', 'seconds'], needs: ['page', 'seconds'] },
  message: { takes: ['text', 'seconds'], needs: ['text'] },
  pause: { takes: [], needs: [] },
  resume: { takes: [], needs: [] },
  clear: { takes: [], needs: [] },
};

function checkCommand(_catalog: Catalog, event: DisplayCommand): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  const rule = COMMAND_FIELDS[event.action];
  for (const field of ['page', 'seconds', 'text'] as const) {
    const given = event[field] !== undefined;
    if (!given && rule.needs.includes(field)) problems.push(problemAt(field, 'command_needs', { action: event.action, field }));
    if (given && !rule.takes.includes(field)) problems.push(problemAt(field, 'command_takes_no', { action: event.action, field }));
  }
  if (event.page !== undefined && !(WALL_PAGES as readonly string[]).includes(event.page)) problems.push(problemAt('page', 'unknown_page', { page: event.page, pages: WALL_PAGES.join(', ') }));
  return problems;
}
