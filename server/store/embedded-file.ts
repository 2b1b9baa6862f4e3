import { open, type FileHandle } from 'node:fs/promises';
import type { StoredEvent } from '@shared/events';
import { rewriteLog } from './logfile';

/**
 * The embedded store's events.log as it is written: appended to and synced before anything is
 * acknowledged, cut back after a failed write, replaced whole when archived events leave it.
 */
export class LogFile {
  private handle: FileHandle | null = null;
  /** Bytes acknowledged so far: where a failed write is cut back to. */
  size = 0;
  /** Set when a failed write could not be cut back: the file may hold an unacknowledged tail, so nothing more is written. */
  broken: Error | null = null;

  constructor(readonly path: string) {}

  get isOpen(): boolean {
    return this.handle !== null;
  }

  /** Opens for appending; `size` is the valid length the scan found. */
  async open(size: number): Promise<void> {
    this.handle = await open(this.path, 'a');
    this.size = size;
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
  }

  /** Appends and syncs; on failure the file is cut back so that nothing unacknowledged stays in it. */
  async write(text: string): Promise<void> {
    const log = this.handle;
    if (!log) throw new Error('closed');
    const bytes = Buffer.from(text);
    try {
      await log.write(bytes);
      await log.datasync();
      this.size += bytes.length;
    } catch (err) {
      try {
        await log.truncate(this.size);
      } catch (cause) {
        this.broken = cause instanceof Error ? cause : new Error(String(cause));
      }
      throw err;
    }
  }

  /** Empties the file and writes `text` in its place (an empty log's header, given a backup's epoch). */
  async replace(text: string): Promise<void> {
    await this.handle?.truncate(0);
    this.size = 0;
    await this.write(text);
  }

  /** Replaces the file by one holding `events` from `firstSeq` on (the older ones archived), then appends to the new one. */
  async rewrite(epoch: string, firstSeq: number, events: StoredEvent[]): Promise<void> {
    // A failed rewrite changes nothing; after the rename the old handle still points at the old file.
    const size = await rewriteLog(this.path, epoch, firstSeq, events);
    await this.close();
    await this.open(size);
  }
}
