import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEvent } from '@shared/events';
import { folderOwner } from './lock';
import { Archive } from './archive';
import { withArchived } from './archive-read';
import { LOG_FILE, LogDamagedError, scanLog } from './logfile';
import type { EventPage, LogHead, Store, TokenRecord } from './store';

/** What a tool that only reads a log needs of a store. */
export type LogSource = Pick<Store, 'kind' | 'head' | 'read' | 'listTokens' | 'close'>;

/**
 * An embedded store's folder as it is at one moment, read without its lock and without writing
 * anything, so a tool (export) can run beside the server that holds it. A last line still being
 * written is left out; damage anywhere else is refused (`LogDamagedError`).
 */
export class EmbeddedFolderReader implements LogSource {
  readonly kind = 'embedded';

  private constructor(
    private readonly epoch: string,
    /** The log's events, from seq `base + 1`; older ones are in `archive`. */
    private readonly events: StoredEvent[],
    private readonly base: number,
    private readonly archive: Archive,
    private readonly tokens: TokenRecord[],
  ) {}

  static open(dir: string, archiveDir = join(dir, 'archive')): EmbeddedFolderReader {
    const path = join(dir, LOG_FILE);
    const scan = scanLog(existsSync(path) ? readFileSync(path) : Buffer.alloc(0), { tailInFlight: folderOwner(dir) !== null });
    if (scan.problems.length) throw new LogDamagedError(path, dir, scan.problems);
    const meta = join(dir, 'meta.json');
    const epoch = scan.header?.epoch ?? (existsSync(meta) ? (JSON.parse(readFileSync(meta, 'utf8')) as { epoch: string }).epoch : '');
    const tokensPath = join(dir, 'tokens.json');
    const tokens = existsSync(tokensPath) ? (JSON.parse(readFileSync(tokensPath, 'utf8')) as TokenRecord[]) : [];
    return new EmbeddedFolderReader(epoch, scan.events, (scan.header?.firstSeq ?? 1) - 1, new Archive(archiveDir, epoch), tokens);
  }

  async head(): Promise<LogHead> {
    return { epoch: this.epoch, seq: this.base + this.events.length };
  }

  async read(after: number, limit: number): Promise<EventPage> {
    const from = Math.max(0, after - this.base);
    const live = { epoch: this.epoch, seq: this.base + this.events.length, events: this.events.slice(from, from + limit) };
    return withArchived(live, after, limit, this.archive);
  }

  async listTokens(): Promise<TokenRecord[]> {
    return this.tokens;
  }

  async close(): Promise<void> {}
}
