import type { Catalog } from '@shared/catalog';
import { AppendResponseSchema } from '@shared/events';
import { ApiError, errorOf } from '../../data/api';

/**
 * The unit a briefing mark is written for. An operator's token has no unit of its own; marks
 * go under the province's first agency (in the demo, the provincial police: Project 06's standing agency).
 */
export function markUnit(catalog: Catalog): string {
  return (catalog.config.units.find((u) => u.kind === 'agency') ?? catalog.config.units[0]!).id;
}

/** Writes a `briefing.marked` event with the page's token; resolves with its seq. Errors carry the contract's code. */
export async function postMark(token: string, catalog: Catalog, title: string, at: number, baseUrl = ''): Promise<number> {
  const event = { id: `briefing-${Math.round(at)}-${Math.random().toString(36).slice(2, 8)}`, type: 'briefing.marked', unit: markUnit(catalog), at: new Date(at).toISOString(), title };
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(event) });
  } catch (err) {
    throw new ApiError('network', 0, `No answer from the server: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!res.ok) throw await errorOf(res);
  const body = AppendResponseSchema.parse(await res.json());
  const stored = body.accepted[0] ?? body.duplicates[0];
  if (!stored) throw new ApiError('bad_answer', res.status, 'The server stored no event.');
  return stored.seq;
}
