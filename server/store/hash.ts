import { createHash } from 'node:crypto';
import { canonicalEvent, type IocEvent, type StoredEvent } from '@shared/events';

/** A short, stable digest of an event's canonical JSON, for dedupe. */
export function contentHash(canonical: string): string {
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

/** The content hash of a stored event as it was written (what dedupe compares). */
export function writtenHash(event: StoredEvent): string {
  const { seq: _seq, receivedAt: _receivedAt, by: _by, ...written } = event;
  return contentHash(canonicalEvent(written as IocEvent));
}
