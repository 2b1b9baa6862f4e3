import { z } from 'zod';
import type { AuditPage, HealthReport, Me } from '@shared/admin';
import { RoleSchema } from '@shared/api';
import type { StoredEvent } from '@shared/events';

// Schemas for the answers whose shapes shared/admin.ts declares as interfaces; each is typed
// against its interface, so the two cannot drift apart silently.

export const MeSchema: z.ZodType<Me> = z.object({ tokenId: z.string(), role: RoleSchema, unit: z.string().optional(), label: z.string() });

const AuditWhoSchema = z.object({ tokenId: z.string(), label: z.string().nullable(), role: RoleSchema.nullable(), unit: z.string().nullable(), revoked: z.boolean() });

// The audit shows every kind of stored event, system ones included: checked for what the page reads.
const AuditEventSchema = z.custom<StoredEvent>((v) => typeof v === 'object' && v !== null && typeof (v as { seq?: unknown }).seq === 'number' && typeof (v as { type?: unknown }).type === 'string');

export const AuditPageSchema: z.ZodType<AuditPage> = z.object({
  epoch: z.string(),
  order: z.enum(['oldest-first', 'newest-first']),
  entries: z.array(z.object({ seq: z.int(), receivedAt: z.string(), who: AuditWhoSchema, subject: AuditWhoSchema.optional(), event: AuditEventSchema })),
  next: z.int().nullable(),
  scanned: z.int(),
});

const NodeHealthSchema = z.object({ id: z.string(), displays: z.number(), behind: z.number(), seq: z.number(), storeOk: z.boolean(), at: z.string() });

export const HealthReportSchema: z.ZodType<HealthReport> = z.object({
  now: z.string(),
  store: z.object({ kind: z.enum(['redis', 'embedded']), reachable: z.boolean(), info: z.record(z.string(), z.string()).nullable(), error: z.string().optional() }),
  node: NodeHealthSchema.extend({ epoch: z.string().nullable(), head: z.number(), lastReadAt: z.string().nullable(), uptimeSeconds: z.number() }),
  nodes: z.array(NodeHealthSchema),
  rate: z.object({ perMinute: z.array(z.number()), minutes: z.number(), lastEventAt: z.string().nullable() }),
  units: z.array(z.object({ unit: z.string(), lastReportAt: z.string().nullable(), silent: z.boolean() })),
  // Optional in the interface, so the type check above cannot see it missing: without it the roll-up line never showed.
  upstream: z
    .object({
      url: z.string(),
      reporting: z.boolean(),
      queued: z.number(),
      lagSeconds: z.number(),
      lastRoundAt: z.string().nullable(),
      lastDeliveredAt: z.string().nullable(),
      lastError: z.string().nullable(),
      delivered: z.number(),
      resent: z.number(),
      dropped: z.number(),
    })
    .optional(),
});

/** A 204 answer: no body. */
export const NoContentSchema = z.undefined();
