import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { z } from 'zod';
import { describeIssues } from '@shared/config';
import { trustEntries, trustListProblems } from './http/addresses';

const flag = z.enum(['0', '1']).transform((v) => v === '1');

/** The environment the server reads (see the README's configuration table). */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  REDIS_URL: z.url({ protocol: /^rediss?$/, message: 'use redis://host:port/db' }).optional(),
  /** Seed nodes of a Redis Cluster, `redis://h1:p1,redis://h2:p2`; used instead of REDIS_URL. */
  IOC_REDIS_CLUSTER: z
    .string()
    .transform((list) => list.split(',').map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^rediss?$/, message: 'use redis://host:port,redis://host:port' })).min(1))
    .optional(),
  /** Acknowledge a write only once this many replicas have it (Redis WAIT); 0 acknowledges on the primary alone. */
  IOC_REDIS_WAIT_REPLICAS: z.coerce.number().int().min(0).max(16).default(0),
  IOC_REDIS_WAIT_TIMEOUT_MS: z.coerce.number().int().min(10).max(4_000).default(1_000),
  IOC_REDIS_PREFIX: z.string().min(1).max(100).default('ioc:'),
  IOC_DATA_DIR: z.string().min(1).default('./data'),
  /** Days of events kept in the live log; older ones (once a snapshot covers them) go to the archive. Unset: keep all. */
  IOC_RETAIN_DAYS: z.coerce.number().int().positive().max(36_500).optional(),
  /** Where archived events are written and read; `<IOC_DATA_DIR>/archive` by default. Shared storage when several nodes use one Redis. */
  IOC_ARCHIVE_DIR: z.string().min(1).optional(),
  IOC_CONFIG: z.string().min(1).optional(),
  IOC_ADMIN_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  IOC_SIMULATE: flag.optional(),
  /** Simulated seconds per real second in demo mode. */
  IOC_SIM_RATE: z.coerce.number().positive().max(100_000).default(60),
  /** Requests per second per token id on /api/v1 (per node); 0 turns it off. */
  IOC_RATE_LIMIT: z.coerce.number().int().min(0).default(100),
  /** Load balancers whose X-Forwarded-For is believed: addresses, CIDR ranges, `loopback`, `linklocal`, `uniquelocal`. */
  IOC_TRUST_PROXY: z
    .string()
    .superRefine((list, ctx) => {
      for (const message of trustListProblems(list)) ctx.addIssue({ code: 'custom', message });
    })
    .transform(trustEntries)
    .optional(),
  /** The first webhook retry waits this long, each next one twice as long (up to an hour). */
  IOC_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
  /** A webhook receiver that has not answered by then has failed this attempt. */
  IOC_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** PEM certificate (with its chain) and private key: with both, the server serves HTTPS only, with HSTS. */
  IOC_TLS_CERT: z.string().min(1).optional(),
  IOC_TLS_KEY: z.string().min(1).optional(),
  /** A roll-up deployment (e.g. the national one) this deployment reports its totals to. */
  IOC_UPSTREAM_URL: z.url({ protocol: /^https?$/, message: 'use http(s)://host:port' }).optional(),
  /** The unit token this deployment holds at the upstream. */
  IOC_UPSTREAM_TOKEN: z.string().min(1).max(200).optional(),
  /** Seconds between upstream reports (also at each local midnight). */
  IOC_UPSTREAM_EVERY: z.coerce.number().int().min(1).max(86_400).default(300),
  IOC_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Env = z.infer<typeof EnvSchema>;

/** Parses the environment; unset and empty variables take their defaults. */
export function parseEnv(source: NodeJS.ProcessEnv): Env | { problems: string[] } {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) return { problems: describeIssues(parsed.error) };
  if (parsed.data.REDIS_URL && parsed.data.IOC_REDIS_CLUSTER) return { problems: ['REDIS_URL and IOC_REDIS_CLUSTER: set one of them, not both'] };
  if (!parsed.data.IOC_TLS_CERT !== !parsed.data.IOC_TLS_KEY) return { problems: ['IOC_TLS_CERT and IOC_TLS_KEY: set both (HTTPS) or neither (plain HTTP)'] };
  if (Boolean(parsed.data.IOC_UPSTREAM_URL) !== Boolean(parsed.data.IOC_UPSTREAM_TOKEN)) return { problems: ['IOC_UPSTREAM_URL and IOC_UPSTREAM_TOKEN: set both, or neither'] };
  return parsed.data;
}

/** The folder of archived events (IOC_ARCHIVE_DIR, else `archive` in the data folder). */
export function archiveDirOf(env: Env): string {
  return resolve(env.IOC_ARCHIVE_DIR ?? join(env.IOC_DATA_DIR, 'archive'));
}

/** The Redis the environment names, if any: one server or a cluster's seed nodes. */
export function redisTarget(env: Env): { url: string } | { cluster: string[] } | null {
  if (env.IOC_REDIS_CLUSTER) return { cluster: env.IOC_REDIS_CLUSTER };
  return env.REDIS_URL ? { url: env.REDIS_URL } : null;
}

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/**
 * The certificate and key IOC_TLS_CERT and IOC_TLS_KEY name, read and checked as a pair now, so
 * that a wrong path, a file that is not PEM or a key of another certificate stops the start with
 * the reason instead of failing each browser's handshake later. Null without them (plain HTTP).
 */
export function readTls(env: Env): TlsFiles | { problems: string[] } | null {
  if (!env.IOC_TLS_CERT || !env.IOC_TLS_KEY) return null;
  const problems: string[] = [];
  const read = (name: 'IOC_TLS_CERT' | 'IOC_TLS_KEY', path: string) => {
    try {
      return readFileSync(resolve(path));
    } catch (err) {
      problems.push(`${name}: cannot read ${resolve(path)} (${err instanceof Error && 'code' in err ? String(err.code) : String(err)})`);
      return null;
    }
  };
  const cert = read('IOC_TLS_CERT', env.IOC_TLS_CERT);
  const key = read('IOC_TLS_KEY', env.IOC_TLS_KEY);
  if (!cert || !key) return { problems };
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    return { problems: [`IOC_TLS_CERT and IOC_TLS_KEY: not a PEM certificate and its private key (${err instanceof Error ? err.message : String(err)})`] };
  }
  return { cert, key };
}
