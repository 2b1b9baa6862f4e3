import { createHash } from 'node:crypto';

/** A short, stable digest of an event's canonical JSON, for dedupe. */
export function contentHash(canonical: string): string {
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}
