import { z } from 'zod';
import { decimalInt, isoTime } from './query';
import { type Role } from './roles';
import type { StoredEvent } from './events';

/** `GET /api/v1/me`: whose token this is. */
export interface Me {
  tokenId: string;
  role: Role;
  unit?: string;
  label: string;
}

export const AUDIT_MAX_LIMIT = 500;

/**
 * `GET /api/v1/audit`: `after` pages forward (oldest first), `before` backward (newest first);
 * with neither, the newest come first. `type` is one type or several, comma-separated.
 */
export const AuditQuerySchema = z
  .strictObject({
    after: decimalInt(0).optional(),
    before: decimalInt(1).optional(),
    limit: decimalInt(1, AUDIT_MAX_LIMIT).default(100),
    unit: z.string().min(1).max(100).optional(),
    token: z.string().min(1).max(100).optional(),
    type: z.string().min(1).max(500).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
  })
  .refine((q) => q.after === undefined || q.before === undefined, { message: 'give after or before, not both', params: { code: 'after_or_before' } });
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** Who wrote an entry: the token's id and what its issue said (kept after revocation). */
export interface AuditWho {
  tokenId: string;
  /** null for a token the log has no record of (issued before the audit existed, then revoked). */
  label: string | null;
  role: Role | null;
  unit: string | null;
  revoked: boolean;
}

export interface AuditEntry {
  seq: number;
  /** When the server stored it. */
  receivedAt: string;
  who: AuditWho;
  /** For a token change: the token it issued or revoked. */
  subject?: AuditWho;
  event: StoredEvent;
}

export interface AuditPage {
  epoch: string;
  /** `newest-first` unless the request gave `after`. */
  order: 'oldest-first' | 'newest-first';
  entries: AuditEntry[];
  /** Pass as `after` (oldest first) or `before` (newest first) for the next page; null when there is no more. */
  next: number | null;
  /** How many events of the log this page looked at (each request looks at no more than a bounded number). */
  scanned: number;
}

export interface NodeHealth {
  id: string;
  displays: number;
  /** Events of the log this node knows of and has not applied. */
  behind: number;
  seq: number;
  storeOk: boolean;
  /** When the node last reported itself (server clock, ISO). */
  at: string;
}

export interface UnitSilence {
  unit: string;
  lastReportAt: string | null;
  silent: boolean;
}

/** `GET /api/v1/health` (admin). */
export interface HealthReport {
  now: string;
  store: { kind: 'redis' | 'embedded'; reachable: boolean; info: Record<string, string> | null; error?: string };
  node: NodeHealth & { epoch: string | null; head: number; lastReadAt: string | null; uptimeSeconds: number };
  /** Every node that reported itself within the last NODE_FRESH_MS (this one included). */
  nodes: NodeHealth[];
  /** Events stored per minute over the last minutes, oldest first (server clock). */
  rate: { perMinute: number[]; minutes: number; lastEventAt: string | null };
  /** Every unit's last report, the silent first, then the longest quiet. */
  units: UnitSilence[];
  /** The roll-up this deployment reports to (IOC_UPSTREAM_URL); absent when it reports to none. */
  upstream?: UpstreamHealth;
}

/** How the reports to the roll-up deployment are going, as this node sees them. */
export interface UpstreamHealth {
  url: string;
  /** Whether this node is the one reporting (one node per deployment). */
  reporting: boolean;
  queued: number;
  /** Seconds since the oldest value still queued was computed; 0 when everything is delivered. */
  lagSeconds: number;
  lastRoundAt: string | null;
  lastDeliveredAt: string | null;
  lastError: string | null;
  /** Events the upstream acknowledged since this node started. */
  delivered: number;
  /** Events sent again under an id from their content since this node started (409: the upstream held their id with other content). */
  resent: number;
  /** Events the upstream refused for their content (400), dropped, since this node started. */
  dropped: number;
}
