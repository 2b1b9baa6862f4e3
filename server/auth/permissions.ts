import { isWithin, type Catalog } from '@shared/catalog';
import type { IocEvent } from '@shared/events';
import { problemAt, type ProblemDetail } from '@shared/problems';
import type { Principal } from './tokens';

const OPERATOR_TYPES = new Set<IocEvent['type']>(['note.posted', 'alert.acknowledged', 'briefing.marked', 'display.command']);

/** Why `principal` may not write `event`, as a detail of the field concerned (a code the screens render); null when it may. */
export function writeRefusal(catalog: Catalog, principal: Principal, event: IocEvent): ProblemDetail | null {
  switch (principal.role) {
    case 'admin':
      return null;
    case 'viewer':
      return problemAt('type', 'viewer_read_only');
    case 'operator':
      return OPERATOR_TYPES.has(event.type) ? null : problemAt('type', 'operator_may_not_write', { type: event.type });
    case 'unit': {
      const own = principal.unit ?? '';
      if (event.unit !== own) return problemAt('unit', 'unit_only', { unit: own });
      if (event.type === 'indicator.reported') {
        const scope = event.scope ?? event.unit;
        return isWithin(catalog, scope, own) ? null : problemAt('scope', 'scope_outside', { scope, unit: own });
      }
      if (event.type === 'progress.reported') {
        const lead = catalog.items.get(event.item)?.lead ?? '';
        return lead === own ? null : problemAt('item', 'not_your_item', { item: event.item, lead, unit: own });
      }
      if (event.type === 'note.posted') return null;
      return problemAt('type', 'unit_may_not_write', { type: event.type });
    }
  }
}
