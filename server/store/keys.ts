/**
 * Every Redis key the server uses. All the keys of one deployment carry one hash tag made of
 * its prefix, `{ioc:}`: on Redis Cluster they share one slot, so the ingest script (which
 * touches several) stays atomic, while deployments with other prefixes spread over the shards.
 * Braces in the prefix are left out of the tag, where they would end it early.
 */
export function redisKeys(prefix: string) {
  const tag = hashTag(prefix);
  return {
    meta: `${tag}log:meta`,
    ids: `${tag}log:ids`,
    events: `${tag}log:events`,
    snapshots: `${tag}log:snapshots`,
    snapshotsBySeq: `${tag}log:snapshots:by-seq`,
    snapshotsByTime: `${tag}log:snapshots:by-time`,
    /** Held (with an expiry) by the one node that archives old events. */
    archiveLock: `${tag}log:archive-lock`,
    tokens: `${tag}tokens`,
    tokenHashes: `${tag}tokens:by-hash`,
    /** A pub/sub channel, not a key. */
    revoked: `${tag}tokens:revoked`,
    /** Small side tables (e.g. token last use) that are not part of the log. */
    side: (table: string) => `${tag}side:${table}`,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;

/** A SCAN pattern that matches every key of the deployment with this prefix. */
export function keysPattern(prefix: string): string {
  return `${hashTag(prefix).replace(/[*?[\]\\]/g, '\\$&')}*`;
}

const hashTag = (prefix: string) => `{${prefix.replace(/[{}]/g, '')}}`;

/** The keys of the layout before the tag held the prefix (`ioc:{log}:events`), for the one-time move. */
export function legacyRedisKeys(prefix: string) {
  const log = `${prefix}{log}`;
  return {
    meta: `${log}:meta`,
    ids: `${log}:ids`,
    events: `${log}:events`,
    tokens: `${prefix}tokens`,
    tokenHashes: `${prefix}tokens:by-hash`,
    snapshots: [`${log}:snapshots`, `${log}:snapshots:by-seq`, `${log}:snapshots:by-time`],
  };
}
