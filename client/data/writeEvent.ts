import { AppendResponseSchema } from '@shared/events';
import { ApiError, call, type CallOptions } from '@shared/call';

/** Writes one event with `options`' token; resolves with its seq (also when it was stored before: a retry). */
export async function writeEvent(options: CallOptions, event: Record<string, unknown>): Promise<number> {
  const answer = await call(AppendResponseSchema, options, { method: 'POST', path: '/api/v1/events', body: event });
  const stored = answer.accepted[0] ?? answer.duplicates[0];
  if (!stored) throw new ApiError('bad_answer', 202, 'The server stored nothing.');
  return stored.seq;
}
