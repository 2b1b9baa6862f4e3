import type { StoredEvent } from '@shared/events';
import { dedupeKey } from './dedupe';
import { writeFileAtomic } from './files';
import { writtenHash } from './hash';
import { StoreOpenError } from './store';

/** The embedded store's log: a header line naming its epoch, then one stored event a line. */
export const LOG_FILE = 'events.log';
const FORMAT = 'ioc-wall-log';

export interface LogHeader {
  format: typeof FORMAT;
  version: 1;
  epoch: string;
  createdAt: string;
  /** The seq of the log's first event when older ones were archived (absent: 1). */
  firstSeq?: number;
}

export function headerLine(epoch: string, createdAt = new Date(), firstSeq = 1): string {
  const header: LogHeader = { format: FORMAT, version: 1, epoch, createdAt: createdAt.toISOString(), ...(firstSeq > 1 ? { firstSeq } : {}) };
  return `${JSON.stringify(header)}\n`;
}

/**
 * Writes a log whose events start at `firstSeq` (the older ones archived) to `path`, whole or
 * not at all: a temporary file, synced, renamed over it, the folder synced. Returns its size.
 */
export async function rewriteLog(path: string, epoch: string, firstSeq: number, events: StoredEvent[]): Promise<number> {
  const text = headerLine(epoch, new Date(), firstSeq) + events.map((e) => `${JSON.stringify(e)}\n`).join('');
  await writeFileAtomic(path, text);
  return Buffer.byteLength(text);
}

export type ProblemKind = 'json' | 'shape' | 'epoch' | 'seq' | 'duplicate' | 'torn';

export interface LogProblem {
  /** 1-based line number in the file. */
  line: number;
  kind: ProblemKind;
  message: string;
}

export interface LogScan {
  /** Line 1 when it is a header; null for an empty log or one written before logs had headers. */
  header: LogHeader | null;
  /** The events of the valid prefix, in seq order. */
  events: StoredEvent[];
  /** (unit, id) -> seq and content hash of every event accepted in order: the valid prefix's, when the log has no problem. */
  ids: Map<string, { seq: number; hash: string; line: number }>;
  lastReceivedAt: number;
  /** The longest prefix with no problem: its size in bytes and in lines (the header included). */
  validBytes: number;
  validLines: number;
  /** Every line, a last one without its newline included. */
  lines: number;
  /** Every problem found, by line. */
  problems: LogProblem[];
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
        '  (repair keeps a copy, keeps the log up to the first problem, and puts the rest in a quarantine file that it tells you how to re-send)',
      ].join('\n'),
    );
  }
}

const STRING_FIELDS = ['id', 'type', 'unit', 'receivedAt', 'by'];

/**
 * Reads a whole log and checks every line: JSON, the shape of a stored event, one epoch,
 * seqs 1, 2, 3... with no gap or repeat, each (unit, id) once, and a newline at the end.
 * `tailInFlight`: a server holds the log, so a last line without its newline is a write under way, not damage.
 */
export function scanLog(bytes: Buffer, options: { tailInFlight?: boolean } = {}): LogScan {
  const scan: LogScan = { header: null, events: [], ids: new Map(), lastReceivedAt: 0, validBytes: 0, validLines: 0, lines: 0, problems: [] };
  /** The line of each accepted seq, for messages about repeats. */
  const seqLines: number[] = [];
  let lastSeq = 0;
  let offset = 0;
  while (offset < bytes.length) {
    const end = bytes.indexOf(10, offset);
    scan.lines += 1;
    const line = scan.lines;
    if (end < 0) {
      if (!options.tailInFlight) scan.problems.push({ line, kind: 'torn', message: `the last line is cut short (${bytes.length - offset} bytes and no newline): a write that never finished, so never acknowledged` });
      break;
    }
    const problem = checkLine(bytes.toString('utf8', offset, end), line);
    offset = end + 1;
    if (problem) scan.problems.push(problem);
    else if (!scan.problems.length) {
      scan.validBytes = offset;
      scan.validLines = line;
    }
  }
  return scan;

  function checkLine(text: string, line: number): LogProblem | null {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return { line, kind: 'json', message: text.trim() ? `not valid JSON (${(err as Error).message})` : 'an empty line' };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { line, kind: 'shape', message: 'not a JSON object' };
    const record = value as Record<string, unknown>;
    if (record.format === FORMAT) {
      if (line === 1) {
        if (typeof record.epoch !== 'string' || !record.epoch) return { line, kind: 'shape', message: 'a log header without an epoch' };
        if (record.firstSeq !== undefined && (!Number.isSafeInteger(record.firstSeq) || (record.firstSeq as number) < 1)) return { line, kind: 'shape', message: 'a log header whose firstSeq is not a positive integer' };
        scan.header = record as unknown as LogHeader;
        // Events before firstSeq were archived: the log goes on from there.
        lastSeq = (scan.header.firstSeq ?? 1) - 1;
        return null;
      }
      const mine = scan.header?.epoch;
      return { line, kind: 'epoch', message: record.epoch === mine ? 'a second header of this log' : `the header of another log (epoch ${String(record.epoch)}${mine ? `; this log's is ${mine}` : ''}): two logs were joined` };
    }
    const wellFormed = typeof record.id === 'string' && typeof record.type === 'string' && typeof record.unit === 'string' && typeof record.receivedAt === 'string' && typeof record.by === 'string';
    if (!wellFormed || !Number.isSafeInteger(record.seq) || (record.seq as number) < 1) {
      const missing = ['seq', ...STRING_FIELDS].filter((f) => (f === 'seq' ? !Number.isSafeInteger(record.seq) || (record.seq as number) < 1 : typeof record[f] !== 'string'));
      return { line, kind: 'shape', message: `not a stored event: no valid ${missing.join(', ')}` };
    }
    const event = record as unknown as StoredEvent;
    const receivedAt = Date.parse(event.receivedAt);
    if (Number.isNaN(receivedAt)) return { line, kind: 'shape', message: `receivedAt "${event.receivedAt}" is not a time` };
    if (event.seq !== lastSeq + 1) {
      const where = seqLines[event.seq] ? ` (seq ${event.seq} is at line ${seqLines[event.seq]})` : '';
      return { line, kind: 'seq', message: `seq ${event.seq} where ${lastSeq + 1} was expected${where}` };
    }
    const key = dedupeKey(event);
    const hash = writtenHash(event);
    const before = scan.ids.get(key);
    if (before) {
      const how = before.hash === hash ? 'stored twice' : 'reused with other content';
      return { line, kind: 'duplicate', message: `event id "${event.id}" of unit "${event.unit}" ${how} (first at line ${before.line})` };
    }
    lastSeq = event.seq;
    seqLines[event.seq] = line;
    scan.ids.set(key, { seq: event.seq, hash, line });
    if (!scan.problems.length) {
      scan.events.push(event);
      scan.lastReceivedAt = Math.max(scan.lastReceivedAt, receivedAt);
    }
    return null;
  }
}
