import type { Catalog } from '@shared/catalog';
import { operatorWrites, unitRefusal } from '@shared/event-types';
import type { IocEvent } from '@shared/events';
import { problemAt, type ProblemDetail } from '@shared/problems';
import type { Principal } from './tokens';

/**
 * Why `principal` may not write `event`, as a detail of the field concerned (a code the screens
 * render); null when it may. Who may write each type is in the event-type registry.
 */
export function writeRefusal(catalog: Catalog, principal: Principal, event: IocEvent): ProblemDetail | null {
  switch (principal.role) {
    case 'admin':
      return null;
    case 'viewer':
      return problemAt('type', 'viewer_read_only');
    case 'operator':
      return operatorWrites(event.type) ? null : problemAt('type', 'operator_may_not_write', { type: event.type });
    case 'unit': {
      const own = principal.unit ?? '';
      if (event.unit !== own) return problemAt('unit', 'unit_only', { unit: own });
      return unitRefusal(catalog, event, own);
    }
  }
}
