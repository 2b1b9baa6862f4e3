import type { Catalog } from '@shared/catalog';
import { digest } from '@shared/csv/digest';
import { operatorUnit } from '@shared/operator';
import { writeEvent } from '../../data/writeEvent';

const MINUTE_MS = 60_000;

/**
 * Writes a `briefing.marked` event with the page's token; resolves with its seq. The id and time
 * come from the title and the minute, so a retry after a lost answer stores one mark, not two.
 */
export async function postMark(token: string, catalog: Catalog, title: string, at: number, baseUrl = ''): Promise<number> {
  const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
  const unit = operatorUnit(catalog.config);
  const event = { id: `briefing-${digest(`${unit}|${title}|${minute}`)}`, type: 'briefing.marked', unit, at: new Date(minute).toISOString(), title };
  return writeEvent({ token, baseUrl }, event);
}
