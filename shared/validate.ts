import type { Catalog } from './catalog';
import type { ErrorDetail } from './errors';
import type { IocEvent } from './events';
import { isKnownAlertId } from './projection';

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
    case 'note.posted':
    case 'briefing.marked':
      break;
  }
  return problems;
}
