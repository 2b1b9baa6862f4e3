import { digest } from './csv/digest';

/**
 * A short, stable fingerprint of a JSON value (key order does not matter): the config version
 * that snapshots carry, so a client notices a config it does not hold. Not a security hash.
 */
export function fingerprint(value: unknown): string {
  return digest(canonicalJson(value));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
