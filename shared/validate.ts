import type { Catalog } from './catalog';
import type { ErrorDetail } from './errors';
import type { DisplayCommand, IocEvent } from './events';
import { ALL_DISPLAYS, isKnownAlertId, WALL_PAGES } from './projection';

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
  if (Date.parse(event.at) > now + MAX_FUTURE_MS) problem('at', 'is more than 5 minutes in the future');

  switch (event.type) {
    case 'indicator.reported': {
      const indicator = catalog.indicators.get(event.indicator);
      if (!indicator) problem('indicator', `unknown indicator "${event.indicator}"`);
      else if (indicator.kind === 'ratio') problem('indicator', `"${event.indicator}" is a ratio: report its counters instead`);
      else if (event.value < 0 && !indicator.allowNegative) problem('value', 'must not be negative');
      if (event.scope !== undefined && !catalog.units.has(event.scope)) problem('scope', `unknown unit "${event.scope}"`);
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
