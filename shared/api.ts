import { z } from 'zod';
import { ConfigIdSchema } from './config';
import { RoleSchema } from './roles';

export { ROLES, RoleSchema, type Role } from './roles';

export const TokenCreateSchema = z
  .strictObject({ role: RoleSchema, unit: ConfigIdSchema.optional(), label: z.string().min(1).max(200) })
  .refine((t) => (t.role === 'unit') === (t.unit !== undefined), { path: ['unit'], message: 'a unit token needs a unit; other roles take none' });
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
  at: z.iso.datetime({ offset: true, message: 'use an ISO 8601 time with an offset' }).optional(),
  seq: z.coerce.number().int().min(0).optional(),
}).refine((q) => q.at === undefined || q.seq === undefined, { message: 'give at or seq, not both' });

export const EventsQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
