import { randomUUID } from 'node:crypto';
import type { Archive } from './archive';
import { copyToArchive, type ArchiveRun } from './archive-run';
import type { RedisKeys } from './keys';
import type { RedisCommand } from './redis-reply';
import type { ArchiveOutcome } from './store';

/** Longer than an archive run takes; a node that dies holding the lock frees it by then. */
const ARCHIVE_LOCK_MS = 15 * 60_000;
const RELEASE_LOCK = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
const EXTEND_LOCK = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";

export interface RedisArchivePass {
  command: RedisCommand;
  keys: RedisKeys;
  archive: Archive;
  /**
   * Read once the lock is held: the first seq the stream holds, and the highest that may leave it
   * (the latest snapshot's, never the log's last).
   */
  bounds: () => Promise<{ firstLive: number; ceiling: number }>;
  cutoff: number;
  readLive: ArchiveRun['readLive'];
}

/**
 * One retention pass on Redis: one node at a time (a lock key with an expiry, extended before
 * each day's file), the day files written before the stream lets go of their events.
 */
export async function archiveRedisLog(pass: RedisArchivePass): Promise<ArchiveOutcome> {
  const { command, keys } = pass;
  const token = randomUUID();
  const taken = await command(['SET', keys.archiveLock, token, 'NX', 'PX', String(ARCHIVE_LOCK_MS)]);
  if (taken === null) return { events: 0, files: [], upTo: 0, skipped: 'another node is archiving' };
  try {
    const { firstLive, ceiling } = await pass.bounds();
    // A long first run keeps the lock for as long as it writes; one that lost it stops before the next file.
    const beforeDay = async () => {
      if (Number(await command(['EVAL', EXTEND_LOCK, '1', keys.archiveLock, token, String(ARCHIVE_LOCK_MS)])) !== 1) throw new Error('retention: the archive lock expired and another node may be archiving; stopped before trimming');
    };
    const outcome = await copyToArchive({ archive: pass.archive, firstLive, ceiling, cutoff: pass.cutoff, readLive: pass.readLive, beforeDay });
    // Exact MINID (no `~`): entry ids are `seq-0`, so the stream then starts at upTo + 1.
    if (outcome.events) await command(['XTRIM', keys.events, 'MINID', `${outcome.upTo + 1}-0`]);
    return { ...outcome, upTo: Math.max(outcome.upTo, firstLive - 1) };
  } finally {
    await command(['EVAL', RELEASE_LOCK, '1', keys.archiveLock, token]);
  }
}
