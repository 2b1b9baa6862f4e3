import { z } from 'zod';

/** What a token may do; see the contract's table of roles. */
export const ROLES = ['admin', 'operator', 'unit', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;
