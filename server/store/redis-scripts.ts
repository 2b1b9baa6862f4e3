import { readFileSync } from 'node:fs';

const lua = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
const ENSURE_META = lua('meta.lua');

/** The Lua scripts the Redis store runs; each touches only the keys it is given. */
export const SCRIPTS = {
  /** KEYS: meta, ids, events, snapshots, snapshotsBySeq, snapshotsByTime. See ingest.lua. */
  ingest: `${ENSURE_META}\n${lua('ingest.lua')}`,
  /** Same KEYS as ingest; ARGV: a new epoch, used only when there is no meta. Returns {epoch, seq}. */
  head: `${ENSURE_META}
local epoch = ensure_meta(KEYS[1], KEYS[2], KEYS[3], { KEYS[4], KEYS[5], KEYS[6] }, ARGV[1])
return { epoch, redis.call('HGET', KEYS[1], 'seq') }`,
  /** Same KEYS as ingest. See import.lua. */
  import: `${ENSURE_META}\n${lua('import.lua')}`,
  /** KEYS: meta, snapshots, snapshotsBySeq, snapshotsByTime. See snapshots.lua. */
  snapshots: lua('snapshots.lua'),
  /** See migrate.lua. */
  migrate: lua('migrate.lua'),
};
export type ScriptName = keyof typeof SCRIPTS;
