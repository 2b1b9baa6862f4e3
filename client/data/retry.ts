/**
 * How long to wait before attempt `attempt + 1`: doubling from `baseMs` up to `maxMs`, never
 * less than the server's Retry-After, with ±20% jitter so that many walls do not ask in step.
 */
export function retryDelay(attempt: number, baseMs: number, maxMs: number, retryAfterMs: number | null = null, random = Math.random): number {
  const backoff = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.max(retryAfterMs ?? 0, Math.round(backoff * (0.8 + 0.4 * random())));
}
