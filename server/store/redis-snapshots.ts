import type { RedisKeys } from './keys';
import type { Reply } from './redis-connection';
import { asArray } from './redis-reply';
import { snapshotsToPrune } from './snapshot-pruning';
import type { Snapshot, SnapshotQuery, SnapshotRetention } from './store';

/** The Redis store's snapshots, all through snapshots.lua (state and both indexes in one step). */
export class RedisSnapshots {
  constructor(
    private readonly keys: RedisKeys,
    /** Runs snapshots.lua with these arguments (`RedisStore.runScript`). */
    private readonly script: (keys: string[], args: string[]) => Promise<Reply>,
  ) {}

  private run(args: string[]): Promise<Reply> {
    return this.script([this.keys.meta, this.keys.snapshots, this.keys.snapshotsBySeq, this.keys.snapshotsByTime], args);
  }

  async save(snapshot: Snapshot): Promise<boolean> {
    return Number(await this.run(['save', snapshot.epoch, String(snapshot.seq), String(snapshot.receivedAt), snapshot.state])) === 1;
  }

  async find(query: SnapshotQuery): Promise<Snapshot | null> {
    const [by, max] = 'seq' in query ? ['seq', query.seq] : ['at', query.at];
    const found = await this.run(['find', query.epoch, by, String(max)]);
    if (found === null) return null;
    const [seq, receivedAt, state] = asArray(found);
    return { epoch: query.epoch, seq: Number(seq), receivedAt: Number(receivedAt), state: String(state) };
  }

  /** Deletes the snapshots of `epoch` that `keep` does not keep; returns how many went. */
  async prune(epoch: string, keep: SnapshotRetention): Promise<number> {
    const flat = asArray(await this.run(['list', epoch]));
    const entries = [];
    for (let i = 0; i + 1 < flat.length; i += 2) entries.push({ seq: Number(flat[i]), receivedAt: Number(flat[i + 1]) });
    const doomed = snapshotsToPrune(entries, keep);
    // A node saving a newer snapshot meanwhile is not in the list, so it stays.
    return doomed.length ? Number(await this.run(['drop', epoch, ...doomed.map(String)])) : 0;
  }
}
