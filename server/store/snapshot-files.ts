import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './files';
import { snapshotsToPrune } from './snapshot-pruning';
import type { Snapshot, SnapshotQuery, SnapshotRetention } from './store';

interface Entry {
  seq: number;
  receivedAt: number;
  file: string;
}

/**
 * The embedded store's snapshots: one file each, `snapshots/<epoch>/<seq>-<receivedAt>.json`.
 * Only the current epoch's folder is read; the others describe histories that are gone and are
 * removed. States stay on disk until asked for; `prune` thins out old ones.
 */
export class SnapshotFiles {
  private entries: Entry[] = [];
  private saving = new Set<number>();
  private readonly folder: string;

  constructor(
    root: string,
    private readonly epoch: string,
    headSeq: number,
  ) {
    this.folder = join(root, epoch);
    mkdirSync(this.folder, { recursive: true });
    for (const name of readdirSync(root)) if (name !== epoch) rmSync(join(root, name), { recursive: true, force: true });
    for (const name of readdirSync(this.folder)) {
      const match = /^(\d+)-(\d+)\.json$/.exec(name);
      // One beyond the log's head would describe events this log does not have.
      if (match && Number(match[1]) <= headSeq) this.entries.push({ seq: Number(match[1]), receivedAt: Number(match[2]), file: join(this.folder, name) });
    }
    this.entries.sort((a, b) => a.seq - b.seq);
  }

  async save(snapshot: Snapshot): Promise<boolean> {
    const { seq, receivedAt } = snapshot;
    if (snapshot.epoch !== this.epoch || this.saving.has(seq) || this.entries.some((e) => e.seq === seq)) return false;
    this.saving.add(seq);
    try {
      const file = join(this.folder, `${seq}-${receivedAt}.json`);
      await writeFileAtomic(file, snapshot.state);
      this.entries.push({ seq, receivedAt, file });
      this.entries.sort((a, b) => a.seq - b.seq);
      return true;
    } finally {
      this.saving.delete(seq);
    }
  }

  async find(query: SnapshotQuery): Promise<Snapshot | null> {
    if (query.epoch !== this.epoch) return null;
    const fits = (e: Entry) => ('seq' in query ? e.seq <= query.seq : e.receivedAt <= query.at);
    const entry = this.entries.findLast(fits);
    if (!entry) return null;
    try {
      return { epoch: this.epoch, seq: entry.seq, receivedAt: entry.receivedAt, state: await readFile(entry.file, 'utf8') };
    } catch (err) {
      // Pruned while it was being read: the entry is gone by now, so the next look finds an older one.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !this.entries.includes(entry)) return this.find(query);
      throw err;
    }
  }

  /** Deletes the snapshots `keep` does not keep; returns how many went. */
  async prune(keep: SnapshotRetention): Promise<number> {
    const doomed = new Set(snapshotsToPrune(this.entries, keep));
    const gone = this.entries.filter((e) => doomed.has(e.seq));
    this.entries = this.entries.filter((e) => !doomed.has(e.seq));
    for (const e of gone) await rm(e.file, { force: true });
    return gone.length;
  }
}
