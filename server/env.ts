import { z } from 'zod';
import { describeIssues } from '@shared/config';

const flag = z.enum(['0', '1']).transform((v) => v === '1');

/** The environment the server reads (see the README's configuration table). */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  REDIS_URL: z.url({ protocol: /^rediss?$/, message: 'use redis://host:port/db' }).optional(),
  IOC_REDIS_PREFIX: z.string().min(1).max(100).default('ioc:'),
  IOC_DATA_DIR: z.string().min(1).default('./data'),
  IOC_CONFIG: z.string().min(1).optional(),
  IOC_ADMIN_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  IOC_SIMULATE: flag.optional(),
  /** Simulated seconds per real second in demo mode. */
  IOC_SIM_RATE: z.coerce.number().positive().max(100_000).default(60),
  IOC_RATE_LIMIT: z.coerce.number().int().min(0).default(100),
  /** The first webhook retry waits this long, each next one twice as long (up to an hour). */
  IOC_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
  /** A webhook receiver that has not answered by then has failed this attempt. */
  IOC_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  IOC_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Env = z.infer<typeof EnvSchema>;

/** Parses the environment; unset and empty variables take their defaults. */
export function parseEnv(source: NodeJS.ProcessEnv): Env | { problems: string[] } {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  return parsed.success ? parsed.data : { problems: describeIssues(parsed.error) };
}
