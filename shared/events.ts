import { z } from 'zod';
import { AlertKindSchema, ItemStatusSchema } from './config';
import { RoleSchema } from './roles';

/** A producer's idempotency key. */
export const EventIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'use 1 to 100 of A-Z a-z 0-9 . _ : -');
const RefSchema = z.string().min(1, 'required').max(100);
const AtSchema = z.iso.datetime({ offset: true, message: 'use an ISO 8601 time with an offset, e.g. 2024-04-02T14:00:00+07:00' });

const base = { id: EventIdSchema, unit: RefSchema, at: AtSchema };

/**
 * Free text as people type or paste it, kept in Unicode NFC so that one word is one string, with
 * Windows line ends made LF. What it may contain is checked by `checkEvent` (validate.ts), so that
 * events already in a log still read back as they were written.
 */
const text = (max: number) => z.string().max(max).overwrite((s) => s.replace(/\r\n/g, '\n').normalize('NFC'));

export const IndicatorReportedSchema = z.strictObject({
  ...base,
  type: z.literal('indicator.reported'),
  indicator: RefSchema,
  value: z.number().refine(Number.isFinite, { message: 'must be a finite number', params: { code: 'not_finite' } }),
  period: z.iso.date({ message: 'use a day as YYYY-MM-DD' }),
  scope: RefSchema.optional(),
});

export const ProgressReportedSchema = z.strictObject({
  ...base,
  type: z.literal('progress.reported'),
  item: RefSchema,
  status: ItemStatusSchema,
  percent: z.number().min(0).max(100).optional(),
  note: text(1000).optional(),
});

export const NotePostedSchema = z.strictObject({
  ...base,
  type: z.literal('note.posted'),
  text: text(500).min(1),
  severity: z.enum(['info', 'warning', 'critical']),
});

export const AlertAcknowledgedSchema = z.strictObject({
  ...base,
  type: z.literal('alert.acknowledged'),
  alert: z.string().min(1).max(200),
  note: text(1000).optional(),
});

export const BriefingMarkedSchema = z.strictObject({
  ...base,
  type: z.literal('briefing.marked'),
  title: text(200).min(1),
});

/** A wall's id: 1 to 64 of `A-Z a-z 0-9 . _ -`; `all` is reserved for every wall. */
export const DisplayIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'use 1 to 64 of A-Z a-z 0-9 . _ -');
export const DISPLAY_ACTIONS = ['show_page', 'pause', 'resume', 'message', 'clear'] as const;

/** An operator steers one wall or all of them; which fields each action takes is checked in `validate.ts`. */
export const DisplayCommandSchema = z.strictObject({
  ...base,
  type: z.literal('display.command'),
  target: DisplayIdSchema,
  action: z.enum(DISPLAY_ACTIONS),
  page: z.string().min(1).max(50).optional(),
  seconds: z.int().min(5).max(86_400).optional(),
  text: text(200).min(1).optional(),
});

/** An alert as a webhook carries it: the derived alert plus names a receiver can show as they are. */
export const AlertPayloadSchema = z.strictObject({
  id: z.string().min(1).max(200),
  kind: AlertKindSchema,
  subject: z.string().min(1).max(100),
  since: z.iso.datetime({ offset: true }),
  /** The subject's name in the config's default locale. */
  name: z.string().max(500),
  /** For an overdue item: its lead unit and responsible official. */
  lead: z.string().max(100).optional(),
  official: z.string().max(500).optional(),
});
export type AlertPayload = z.infer<typeof AlertPayloadSchema>;

/** Written by the server: a notification to send; its `id` is the delivery id, the same on every node. */
export const WebhookQueuedSchema = z.strictObject({
  ...base,
  type: z.literal('webhook.queued'),
  webhook: z.string().min(1).max(100),
  event: z.enum(['alert.fired', 'alert.cleared']),
  alert: AlertPayloadSchema,
});

/** Written by the server: a node claims attempt `attempt` of a delivery; only the node whose append is new sends it. */
export const WebhookAttemptedSchema = z.strictObject({
  ...base,
  type: z.literal('webhook.attempted'),
  delivery: EventIdSchema,
  attempt: z.int().min(1),
});

/** Written by the server: how an attempt ended, and when the next one is due. */
export const WebhookResultSchema = z.strictObject({
  ...base,
  type: z.literal('webhook.result'),
  delivery: EventIdSchema,
  attempt: z.int().min(1),
  outcome: z.enum(['delivered', 'failed', 'abandoned']),
  /** The receiver's HTTP status; absent when it did not answer. */
  status: z.int().optional(),
  error: z.string().max(300).optional(),
  nextAt: z.iso.datetime({ offset: true }).optional(),
});

/** A table of event schemas by their type: each key is its schema's `type` literal. */
type SchemaTable<S> = { [T in keyof S]: z.ZodObject & z.ZodType<{ type: T }> };
/** Checks that each schema of `table` is filed under its own type (a typo is a type error). */
const byType = <S extends SchemaTable<S>>(table: S): S => table;
/** A table's keys, as the non-empty tuple `z.enum` takes. */
const typesOf = <S extends object>(table: S) => Object.keys(table) as [keyof S & string, ...(keyof S & string)[]];
/** A table's schemas, as the non-empty tuple `z.discriminatedUnion` takes. */
const schemasOf = <S extends object>(table: S) => Object.values(table) as [S[keyof S], ...S[keyof S][]];

/**
 * The producers' event types, each with its schema: the one list of them. EVENT_TYPES, the union
 * EventSchema and IocEvent are derived from it, and each other piece of a type is a table over
 * these keys that the compiler checks (README, "Adding an event type"): who may write it and its
 * checks (shared/event-types.ts), its reducer (shared/projection/apply.ts), its ticker line
 * (client/panels/describe.ts).
 */
export const EVENT_SCHEMAS = byType({
  'indicator.reported': IndicatorReportedSchema,
  'progress.reported': ProgressReportedSchema,
  'note.posted': NotePostedSchema,
  'alert.acknowledged': AlertAcknowledgedSchema,
  'briefing.marked': BriefingMarkedSchema,
  'display.command': DisplayCommandSchema,
});
export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES: readonly EventType[] = typesOf(EVENT_SCHEMAS);

export const EventSchema = z.discriminatedUnion('type', schemasOf(EVENT_SCHEMAS));
export type IocEvent = z.infer<typeof EventSchema>;
/** The producer event of type `T`. */
export type EventOf<T extends EventType> = Extract<IocEvent, { type: T }>;
export type IndicatorReported = z.infer<typeof IndicatorReportedSchema>;
export type ProgressReported = z.infer<typeof ProgressReportedSchema>;
export type DisplayCommand = z.infer<typeof DisplayCommandSchema>;
export type WebhookQueued = z.infer<typeof WebhookQueuedSchema>;
export type WebhookAttempted = z.infer<typeof WebhookAttemptedSchema>;
export type WebhookResult = z.infer<typeof WebhookResultSchema>;

/**
 * Events the server itself writes into the log (never accepted from producers): the audit of
 * token changes and the webhook deliveries' bookkeeping, kept as durably as every other event. Their `unit` is SYSTEM_UNIT, which no
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

/**
 * Written by `npm run log -- repair` in place of an event the disk lost: it holds the lost
 * event's seq (so every later event keeps its own), says what was wrong and where the raw bytes
 * were kept. Its `receivedAt` is the event before it's; `by` is the server.
 */
export const LogDamagedSchema = z.strictObject({
  ...base,
  type: z.literal('log.damaged'),
  /** What was at this seq: e.g. "not valid JSON (…)", "seq 9 is missing". */
  reason: z.string().max(500),
  /** How many bytes of the damaged line were kept in quarantine (0 when no line was left). */
  bytes: z.int().min(0),
  /** The quarantine file that holds them, relative to the data folder. */
  quarantine: z.string().max(300),
  /** The line it was on in the file repaired (absent for a missing seq). */
  line: z.int().min(1).optional(),
  /** The archived day's file it was in, when it was archived. */
  file: z.string().max(100).optional(),
});
export type LogDamaged = z.infer<typeof LogDamagedSchema>;

/** The server's own event types, each with its schema (their reducers: shared/projection/apply.ts). */
export const SYSTEM_EVENT_SCHEMAS = byType({
  'token.issued': TokenIssuedEventSchema,
  'token.revoked': TokenRevokedEventSchema,
  'webhook.queued': WebhookQueuedSchema,
  'webhook.attempted': WebhookAttemptedSchema,
  'webhook.result': WebhookResultSchema,
  'log.damaged': LogDamagedSchema,
});
export const SYSTEM_EVENT_TYPES = typesOf(SYSTEM_EVENT_SCHEMAS);
export type SystemEventType = keyof typeof SYSTEM_EVENT_SCHEMAS;
/** The audit's token changes among the server's own events. */
export type TokenEvent = z.infer<typeof TokenIssuedEventSchema> | z.infer<typeof TokenRevokedEventSchema>;
export function isTokenEvent<E extends { type: string }>(event: E): event is E & TokenEvent {
  return event.type === 'token.issued' || event.type === 'token.revoked';
}
export const SystemEventSchema = z.discriminatedUnion('type', schemasOf(SYSTEM_EVENT_SCHEMAS));
export type SystemEvent = z.infer<typeof SystemEventSchema>;

/** True for a type only the server writes; used to refuse it from producers with a clear reason. */
export function isSystemType(type: unknown): type is SystemEventType {
  return (SYSTEM_EVENT_TYPES as readonly unknown[]).includes(type);
}

/** Anything the log holds: producers' events and the server's own. */
export type LogEvent = IocEvent | SystemEvent;
export type LogEventType = EventType | SystemEventType;
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

/**
 * Operator data (a token change, a webhook's bookkeeping) as a reader who may not see it gets
 * it: only its place in the log, so seq stays gap-free. Reducers treat it as a no-op.
 */
export interface RedactedEvent {
  /** Never present: what tells a redacted event from a stored one. */
  id?: never;
  seq: number;
  type: SystemEventType;
  at: string;
  receivedAt: string;
}
/** An event as a reader receives it (events API, Socket.IO): in full, or redacted. */
export type ReadEvent = StoredEvent | RedactedEvent;
export const RedactedEventSchema = z.strictObject({ seq: z.int().positive(), type: z.enum(SYSTEM_EVENT_TYPES), at: z.string(), receivedAt: z.iso.datetime({ offset: true }) });
/** What a page of `GET /api/v1/events` holds: stored events, some redacted for this reader. */
export const ReadEventSchema = z.union([StoredEventSchema, RedactedEventSchema]);
/** True for a redacted event: every stored event has an `id`, a redacted one has none. */
export function isRedacted(event: ReadEvent): event is RedactedEvent {
  return !('id' in event);
}

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
  // Events are flat (but for webhook.queued's alert, which the server builds in one fixed key order),
  // so sorting the top-level keys is enough; a replacer array would be slower.
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(fields).sort()) sorted[key] = fields[key];
  return JSON.stringify(sorted);
}
