import { isWithin, type Catalog } from '@shared/catalog';
import type { IocEvent } from '@shared/events';
import type { Principal } from './tokens';

const OPERATOR_TYPES = new Set<IocEvent['type']>(['note.posted', 'alert.acknowledged', 'briefing.marked', 'display.command']);

/** Why `principal` may not write `event`, as [field, reason]; null when it may. */
export function writeRefusal(catalog: Catalog, principal: Principal, event: IocEvent): [string, string] | null {
  switch (principal.role) {
    case 'admin':
      return null;
    case 'viewer':
      return ['type', 'a viewer token may only read'];
    case 'operator':
      return OPERATOR_TYPES.has(event.type) ? null : ['type', `an operator may not write ${event.type}`];
    case 'unit': {
      const own = principal.unit ?? '';
      if (event.unit !== own) return ['unit', `this token writes for unit "${own}" only`];
      if (event.type === 'indicator.reported') {
        const scope = event.scope ?? event.unit;
        return isWithin(catalog, scope, own) ? null : ['scope', `"${scope}" is neither "${own}" nor one of its units`];
      }
      if (event.type === 'progress.reported') {
        const lead = catalog.items.get(event.item)?.lead;
        return lead === own ? null : ['item', `"${event.item}" is led by "${lead}", not "${own}"`];
      }
      if (event.type === 'note.posted') return null;
      return ['type', `a unit may not write ${event.type}`];
    }
  }
}
