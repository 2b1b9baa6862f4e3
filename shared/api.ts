import { z } from 'zod';
import { decimalInt, isoTime } from './query';
import { AlertKindSchema, ConfigIdSchema } from './config';
import { RoleSchema } from './roles';

export { ROLES, RoleSchema, type Role } from './roles';

export const TokenCreateSchema = z
  .strictObject({ role: RoleSchema, unit: ConfigIdSchema.optional(), label: z.string().min(1).max(200) })
  .refine((t) => (t.role === 'unit') === (t.unit !== undefined), { path: ['unit'], message: 'a unit token needs a unit; other roles take none', params: { code: 'unit_token_unit' } });
export type TokenCreateReq = z.infer<typeof TokenCreateSchema>;

export const TokenInfoSchema = z.object({
  id: z.string(),
  role: RoleSchema,
  unit: z.string().nullable(),
  label: z.string(),
  createdAt: z.string(),
  /** When the token was last used (to within a minute across nodes); null when never. */
  lastUsedAt: z.string().nullable(),
});
export type TokenInfo = z.infer<typeof TokenInfoSchema>;
export const TokenIssuedSchema = TokenInfoSchema.extend({ token: z.string() });

export const StateQuerySchema = z.strictObject({
  at: isoTime.optional(),
  seq: decimalInt(0).optional(),
}).refine((q) => q.at === undefined || q.seq === undefined, { message: 'give at or seq, not both', params: { code: 'at_or_seq' } });

export const EventsQuerySchema = z.strictObject({
  after: decimalInt(0).default(0),
  limit: decimalInt(1, 1000).default(100),
});

/** A wall connected to some node, as `GET /api/v1/displays` lists it; times are real (not simulated) ISO times. */
export const ConnectedDisplaySchema = z.object({
  id: z.string(),
  label: z.string(),
  screen: z.string(),
  page: z.string().nullable(),
  node: z.string(),
  connectedAt: z.string(),
  /** When the wall was last heard from: its connection, or its latest status report. */
  lastSeenAt: z.string(),
});
export type ConnectedDisplay = z.infer<typeof ConnectedDisplaySchema>;
export const DisplaysAnswerSchema = z.object({ displays: z.array(ConnectedDisplaySchema) });

/** `GET /api/v1/operators`: the tokens that may act at the desk, to name who acknowledged an alert. */
export const OperatorsAnswerSchema = z.object({ operators: z.array(z.object({ id: z.string(), label: z.string(), role: RoleSchema })) });

export const WebhookStatsSchema = z.object({
  delivered: z.number(),
  abandoned: z.number(),
  failedAttempts: z.number(),
  lastAttemptAt: z.string().nullable(),
  lastStatus: z.number().nullable(),
  lastOutcome: z.enum(['delivered', 'failed', 'abandoned']).nullable(),
});

/** A configured webhook as the desk sees it: where it goes (the URL's origin only), what it wants, how it went. */
export const WebhookInfoSchema = z.object({
  id: z.string(),
  url: z.string(),
  kinds: z.array(AlertKindSchema),
  units: z.array(z.string()).optional(),
  stats: WebhookStatsSchema.nullable(),
});
export type WebhookInfo = z.infer<typeof WebhookInfoSchema>;
/** `GET /api/v1/webhooks`; `pending` and `recent` are deliveries as the state's ledger keeps them. */
export const WebhooksAnswerSchema = z.object({ webhooks: z.array(WebhookInfoSchema), pending: z.array(z.looseObject({ id: z.string() })), recent: z.array(z.looseObject({ id: z.string() })) });
