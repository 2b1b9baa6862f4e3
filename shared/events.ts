import { z } from 'zod';
import { ItemStatusSchema } from './config';
import { RoleSchema } from './roles';

/** A producer's idempotency key. */
export const EventIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'use 1 to 100 of A-Z a-z 0-9 . _ : -');
const RefSchema = z.string().min(1, 'required').max(100);
const AtSchema = z.iso.datetime({ offset: true, message: 'use an ISO 8601 time with an offset, e.g. 2024-04-02T14:00:00+07:00' });

const base = { id: EventIdSchema, unit: RefSchema, at: AtSchema };

export const IndicatorReportedSchema = z.strictObject({
  ...base,
  type: z.literal('indicator.reported'),
  indicator: RefSchema,
  value: z.number().refine(Number.isFinite, 'must be a finite number'),
  period: z.iso.date({ message: 'use a day as YYYY-MM-DD' }),
  scope: RefSchema.optional(),
});

export const ProgressReportedSchema = z.strictObject({
  ...base,
  type: z.literal('progress.reported'),
  item: RefSchema,
  status: ItemStatusSchema,
  percent: z.number().min(0).max(100).optional(),
  note: z.string().max(1000).optional(),
});

export const NotePostedSchema = z.strictObject({
  ...base,
  type: z.literal('note.posted'),
  text: z.string().min(1).max(500),
  severity: z.enum(['info', 'warning', 'critical']),
});

export const AlertAcknowledgedSchema = z.strictObject({
  ...base,
  type: z.literal('alert.acknowledged'),
  alert: z.string().min(1).max(200),
  note: z.string().max(1000).optional(),
});

export const BriefingMarkedSchema = z.strictObject({
  ...base,
  type: z.literal('briefing.marked'),
  title: z.string().min(1).max(200),
});

export const EVENT_TYPES = ['indicator.reported', 'progress.reported', 'note.posted', 'alert.acknowledged', 'briefing.marked'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EventSchema = z.discriminatedUnion('type', [
  IndicatorReportedSchema,
  ProgressReportedSchema,
  NotePostedSchema,
  AlertAcknowledgedSchema,
  BriefingMarkedSchema,
]);
export type IocEvent = z.infer<typeof EventSchema>;
export type IndicatorReported = z.infer<typeof IndicatorReportedSchema>;
export type ProgressReported = z.infer<typeof ProgressReportedSchema>;

/**
 * Events the server itself writes into the log (never accepted from producers): the audit of
 * token changes, kept as durably as every other event. Their `unit` is SYSTEM_UNIT, which no
 * config unit can be (config ids start with a letter or digit). They never carry a secret or hash.
 */
export const SYSTEM_UNIT = '_system';

export const TokenIssuedEventSchema = z.strictObject({
  ...base,
  type: z.literal('token.issued'),
  tokenId: z.string().min(1).max(100),
  role: RoleSchema,
  /** The unit a unit token writes for. */
  tokenUnit: z.string().max(100).optional(),
  label: z.string().max(200),
});

export const TokenRevokedEventSchema = z.strictObject({
  ...base,
  type: z.literal('token.revoked'),
  tokenId: z.string().min(1).max(100),
});

export const SYSTEM_EVENT_TYPES = ['token.issued', 'token.revoked'] as const;
export type SystemEventType = (typeof SYSTEM_EVENT_TYPES)[number];
export const SystemEventSchema = z.discriminatedUnion('type', [TokenIssuedEventSchema, TokenRevokedEventSchema]);
export type SystemEvent = z.infer<typeof SystemEventSchema>;

/** True for a type only the server writes; used to refuse it from producers with a clear reason. */
export function isSystemType(type: unknown): type is SystemEventType {
  return (SYSTEM_EVENT_TYPES as readonly unknown[]).includes(type);
}

/** Anything the log holds: producers' events and the server's own. */
export type LogEvent = IocEvent | SystemEvent;
export const LogEventSchema = z.union([EventSchema, SystemEventSchema]);

export const MAX_BATCH = 500;

/** The body of `POST /api/v1/events`: one event, or a batch of 1 to 500. */
export const EventsBatchSchema = z.strictObject({ events: z.array(z.unknown()).min(1).max(MAX_BATCH) });

/** An event as the log holds it: what was written, plus its place and provenance. */
export const StoredEventSchema = z.intersection(
  LogEventSchema,
  z.object({ seq: z.int().positive(), receivedAt: z.iso.datetime({ offset: true }), by: z.string() }),
);
/** Where an event sits in the log and who wrote it (a token id). */
export interface StoredMeta {
  seq: number;
  receivedAt: string;
  by: string;
}
export type StoredEvent = LogEvent & StoredMeta;
/** A stored producer event: what screens describe (the ticker, a unit's history). */
export type StoredWrite = IocEvent & StoredMeta;

/** True for a producer's event, false for one the server wrote itself. */
export function isWrite(event: StoredEvent): event is StoredWrite {
  return !isSystemType(event.type);
}

export const AppendResponseSchema = z.object({
  accepted: z.array(z.object({ id: z.string(), seq: z.int() })),
  duplicates: z.array(z.object({ id: z.string(), seq: z.int() })),
});
export type AppendResponse = z.infer<typeof AppendResponseSchema>;

/** The content that identifies an event for dedupe: the event as parsed, with keys in a fixed order. */
export function canonicalEvent(event: LogEvent): string {
  const fields = event as Record<string, unknown>;
  // Events are flat, so sorting the top-level keys is enough; a replacer array would be slower.
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(fields).sort()) sorted[key] = fields[key];
  return JSON.stringify(sorted);
}
