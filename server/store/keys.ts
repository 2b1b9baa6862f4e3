/**
 * Every Redis key the server uses, under the configured prefix. The log's keys share
 * the hash tag `{log}` so that the ingest script, which touches them all, runs on Redis Cluster.
 */
export function redisKeys(prefix: string) {
  const log = `${prefix}{log}`;
  return {
    meta: `${log}:meta`,
    ids: `${log}:ids`,
    events: `${log}:events`,
    snapshots: `${log}:snapshots`,
    snapshotsBySeq: `${log}:snapshots:by-seq`,
    snapshotsByTime: `${log}:snapshots:by-time`,
    tokens: `${prefix}tokens`,
    tokenHashes: `${prefix}tokens:by-hash`,
    revoked: `${prefix}tokens:revoked`,
    side: (table: string) => `${prefix}side:${table}`,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;
