import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import type { StoredEvent } from '@shared/events';
import { writeFileAtomic } from './files';
import { LOG_FORMAT, type LogHeader, type LogProblem, type RepairMark } from './log-scan';
import { StoreOpenError } from './store';

export { scanLog, type LogHeader, type LogProblem, type LogScan, type ProblemKind, type RepairMark } from './log-scan';

/** The embedded store's log: a header line naming its epoch, then one stored event a line. */
export const LOG_FILE = 'events.log';

export function headerLine(epoch: string, createdAt = new Date(), firstSeq = 1, repairs: RepairMark[] = []): string {
  const header: LogHeader = { format: LOG_FORMAT, version: 1, epoch, createdAt: createdAt.toISOString(), ...(firstSeq > 1 ? { firstSeq } : {}), ...(repairs.length ? { repairs } : {}) };
  return `${JSON.stringify(header)}\n`;
}

/** The repair marks in the header of the log at `path` (none when it has no header). */
export function repairsOf(path: string): RepairMark[] {
  if (!existsSync(path)) return [];
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const end = buffer.subarray(0, n).indexOf(10);
    const header = JSON.parse(buffer.toString('utf8', 0, end < 0 ? n : end)) as Partial<LogHeader>;
    return header.format === LOG_FORMAT && Array.isArray(header.repairs) ? header.repairs : [];
  } catch {
    return [];
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a log whose events start at `firstSeq` (the older ones archived) to `path`, whole or
 * not at all: a temporary file, synced, renamed over it, the folder synced. Returns its size.
 */
export async function rewriteLog(path: string, epoch: string, firstSeq: number, events: StoredEvent[]): Promise<number> {
  // The repair marks go on with the log: a display from before a repair still needs its snapshot.
  const text = headerLine(epoch, new Date(), firstSeq, repairsOf(path)) + events.map((e) => `${JSON.stringify(e)}\n`).join('');
  await writeFileAtomic(path, text);
  return Buffer.byteLength(text);
}

export class LogDamagedError extends StoreOpenError {
  constructor(
    readonly path: string,
    readonly dir: string,
    readonly problems: LogProblem[],
  ) {
    const [first] = problems;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    super(
      'log_damaged',
      [
        `${path} is damaged at line ${first?.line}: ${first?.message}${more}. Nothing was changed and the server did not start.`,
        `  See every problem:  IOC_DATA_DIR=${dir} npm run log -- verify`,
        `  Then repair it:     IOC_DATA_DIR=${dir} npm run log -- repair`,
        '  (repair keeps a copy of the log and every intact event as it is; a damaged line becomes a log.damaged event at its seq, its bytes kept in a quarantine folder)',
      ].join('\n'),
    );
  }
}
