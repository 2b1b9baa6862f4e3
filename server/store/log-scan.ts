import type { StoredEvent } from '@shared/events';
import { dedupeKey } from './dedupe';
import { writtenHash } from './hash';

export const LOG_FORMAT = 'ioc-wall-log';

export interface LogHeader {
  format: typeof LOG_FORMAT;
  version: 1;
  epoch: string;
  createdAt: string;
  /** The seq of the log's first event when older ones were archived (absent: 1). */
  firstSeq?: number;
  /** Each repair that changed an acknowledged event, oldest first: the lowest seq it changed (see `log-repair.ts`). */
  repairs?: RepairMark[];
}

export interface RepairMark {
  /** The lowest seq whose event the repair replaced with a `log.damaged` event. */
  seq: number;
  at: string;
}

/**
 * json, shape, seq: a damaged line (one that is not an intact event at its place);
 * duplicate: a seq or an event id stored a second time; gap: seqs missing with no line for them;
 * stray: a damaged line between two seqs that follow each other, so at no seq;
 * torn: a last line cut short; epoch: a header in the middle; header: line 1 unreadable;
 * order: an event before one it should follow.
 */
export type ProblemKind = 'json' | 'shape' | 'epoch' | 'seq' | 'duplicate' | 'torn' | 'gap' | 'stray' | 'header' | 'order';

export interface LogProblem {
  /** 1-based line number in the file (for a gap: the line after it). */
  line: number;
  kind: ProblemKind;
  message: string;
  /** The seq the problem is at, when it can be placed. */
  seq?: number;
}

/** What repair does about one problem. */
export type Fix =
  /** The seq's event is lost: it becomes a `log.damaged` event; the line's bytes (if any) go to quarantine. */
  | { kind: 'damaged'; seq: number; line: number | null; start: number; end: number; reason: string }
  /** The line is at no seq of its own (a second copy, a stray line): its bytes go to quarantine. */
  | { kind: 'drop'; line: number; start: number; end: number; reason: string }
  /** A torn last line: cut, as it was never acknowledged. */
  | { kind: 'cut'; line: number; start: number; end: number; reason: string };

/** An intact event line kept as it is, byte for byte. */
export interface KeptLine {
  seq: number;
  start: number;
  /** Past the newline. */
  end: number;
  receivedAt: string;
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
  /** Every problem found, by line: each damage once, not its echo on the lines after it. */
  problems: LogProblem[];
  /** Every intact event line, in seq order. */
  kept: KeptLine[];
  /** What repair does, by line. */
  fixes: Fix[];
  /** Why some damage cannot be placed at a seq (repair then keeps only the valid prefix); null when all can. */
  unplaceable: string | null;
  /** The last seq the file holds or stands for. */
  lastSeq: number;
}

export interface ScanOptions {
  /** A server holds the log, so a last line without its newline is a write under way, not damage. */
  tailInFlight?: boolean;
  /** An archived day: no header, seqs `first` to `last`, and a last line without a newline is damage (it was acknowledged). */
  day?: { first: number; last: number };
}

type Line = { line: number; start: number; end: number } & ({ ok: true; event: StoredEvent } | { ok: false; kind: ProblemKind; message: string });


/**
 * Reads a whole log (or an archived day) and checks every line: JSON, the shape of a stored
 * event, one epoch, seqs with no gap or repeat, each (unit, id) once, a newline at the end.
 * After a damaged line it goes on from the next intact one: when the lines after it carry the
 * seqs that follow, they are sound, so one damaged line is one problem. Each problem comes
 * with the fix repair makes (`fixes`).
 */
export function scanLog(bytes: Buffer, options: ScanOptions = {}): LogScan {
  const scan: LogScan = { header: null, events: [], ids: new Map(), lastReceivedAt: 0, validBytes: 0, validLines: 0, lines: 0, problems: [], kept: [], fixes: [], unplaceable: null, lastSeq: 0 };
  const parsed: Line[] = [];
  let offset = 0;
  let lastSeq = (options.day?.first ?? 1) - 1;
  let torn: { problem: LogProblem; fix: Fix } | null = null;
  while (offset < bytes.length) {
    let end = bytes.indexOf(10, offset);
    scan.lines += 1;
    const line = scan.lines;
    if (end < 0) {
      if (!options.day) {
        const message = `the last line is cut short (${bytes.length - offset} bytes and no newline): a write that never finished, so never acknowledged`;
        if (!options.tailInFlight) torn = { problem: { line, kind: 'torn', message }, fix: { kind: 'cut', line, start: offset, end: bytes.length, reason: message } };
        break;
      }
      end = bytes.length;
    }
    const text = bytes.toString('utf8', offset, end);
    const start = offset;
    offset = end + 1;
    if (line === 1 && !options.day) {
      const header = readHeader(text);
      if (header === 'not-header') {
        // A log from before headers: line 1 is its first event.
      } else if (typeof header === 'string') {
        scan.problems.push({ line, kind: 'header', message: header });
        scan.unplaceable = `the header (line 1) is damaged: ${header}; the log's epoch is unknown`;
        continue;
      } else {
        scan.header = header;
        lastSeq = (header.firstSeq ?? 1) - 1;
        scan.validBytes = offset;
        scan.validLines = 1;
        continue;
      }
    }
    parsed.push({ line, start, end: Math.min(offset, bytes.length), ...readEvent(text, scan.header?.epoch) });
  }
  place(scan, parsed, lastSeq, options.day?.last);
  // Pushed last: the lines before a torn one are as valid as they would be without it.
  if (torn) {
    scan.problems.push(torn.problem);
    scan.fixes.push(torn.fix);
  }
  return scan;
}

/** The header, a reason it is not a valid one, or 'not-header' for a line that is not trying to be one. */
function readHeader(text: string): LogHeader | string | 'not-header' {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  if (record.format !== LOG_FORMAT) return 'seq' in record ? 'not-header' : 'neither a log header nor an event';
  if (typeof record.epoch !== 'string' || !record.epoch) return 'a log header without an epoch';
  if (record.firstSeq !== undefined && (!Number.isSafeInteger(record.firstSeq) || (record.firstSeq as number) < 1)) return 'a log header whose firstSeq is not a positive integer';
  return record as unknown as LogHeader;
}

function readEvent(text: string, epoch: string | undefined): { ok: true; event: StoredEvent } | { ok: false; kind: ProblemKind; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, kind: 'json', message: text.trim() ? `not valid JSON (${(err as Error).message})` : 'an empty line' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, kind: 'shape', message: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  if (record.format === LOG_FORMAT) {
    return { ok: false, kind: 'epoch', message: record.epoch === epoch ? 'a second header of this log' : `the header of another log (epoch ${String(record.epoch)}${epoch ? `; this log's is ${epoch}` : ''}): two logs were joined` };
  }
  const missing = ['seq', 'id', 'type', 'unit', 'receivedAt', 'by'].filter((f) => (f === 'seq' ? !Number.isSafeInteger(record.seq) || (record.seq as number) < 1 : typeof record[f] !== 'string'));
  if (missing.length) return { ok: false, kind: 'shape', message: `not a stored event: no valid ${missing.join(', ')}` };
  if (Number.isNaN(Date.parse(record.receivedAt as string))) return { ok: false, kind: 'shape', message: `receivedAt "${String(record.receivedAt)}" is not a time` };
  return { ok: true, event: record as unknown as StoredEvent };
}

/** Places every line at its seq, going on after damage from the next intact line. */
function place(scan: LogScan, lines: Line[], startAfter: number, endAt: number | undefined): void {
  /** The line of each seq held by an intact event. */
  const seqLines = new Map<number, number>();
  /** Seqs stood for by a damaged line or a gap: an event for one of them found later is out of order. */
  const lost = new Set<number>();
  let lastSeq = startAfter;
  let pending: (Line & { ok: false })[] = [];
  const problem = (p: LogProblem) => void scan.problems.push(p);
  // Damaged lines and missing seqs between intact seq `lastSeq` and `next`.
  const settle = (next: number, line: number) => {
    const missing = next - lastSeq - 1;
    pending.forEach((bad, i) => {
      if (i < missing) {
        const seq = lastSeq + 1 + i;
        lost.add(seq);
        problem({ line: bad.line, kind: bad.kind, seq, message: bad.message });
        scan.fixes.push({ kind: 'damaged', seq, line: bad.line, start: bad.start, end: bad.end, reason: bad.message });
      } else {
        problem({ line: bad.line, kind: 'stray', message: `${bad.message}, between seq ${lastSeq + missing} and ${next}: at no seq` });
        scan.fixes.push({ kind: 'drop', line: bad.line, start: bad.start, end: bad.end, reason: bad.message });
      }
    });
    if (missing > pending.length) {
      const from = lastSeq + 1 + pending.length;
      const reason = from === next - 1 ? `seq ${from} is missing` : `seqs ${from} to ${next - 1} are missing`;
      problem({ line, kind: 'gap', seq: from, message: reason });
      for (let seq = from; seq < next; seq++) {
        lost.add(seq);
        scan.fixes.push({ kind: 'damaged', seq, line: null, start: 0, end: 0, reason });
      }
    }
    pending = [];
    lastSeq = Math.max(lastSeq, next - 1);
  };

  lines.forEach((l, i) => {
    if (!l.ok) return void pending.push(l);
    const e = l.event;
    if (e.seq !== lastSeq + 1 && !pending.length && lines[i + 1]?.ok && (lines[i + 1] as { event: StoredEvent }).event.seq === lastSeq + 2) {
      // Its neighbours agree on the seq it should have: the seq itself is what was damaged.
      return void pending.push({ line: l.line, start: l.start, end: l.end, ok: false, kind: 'seq', message: `seq ${e.seq} where ${lastSeq + 1} was expected (the lines around it hold ${lastSeq} and ${lastSeq + 2})` });
    }
    if (e.seq <= lastSeq) {
      const first = seqLines.get(e.seq);
      if (first !== undefined) {
        problem({ line: l.line, kind: 'duplicate', seq: e.seq, message: `seq ${e.seq} stored a second time (first at line ${first})` });
        scan.fixes.push({ kind: 'drop', line: l.line, start: l.start, end: l.end, reason: `a second copy of seq ${e.seq}` });
      } else {
        const why = lost.has(e.seq) ? `, a seq already given up as damaged` : '';
        problem({ line: l.line, kind: 'order', seq: e.seq, message: `seq ${e.seq} after seq ${lastSeq}: out of order${why}` });
        scan.unplaceable ??= `line ${l.line} holds seq ${e.seq} after seq ${lastSeq}: the seqs are out of order`;
      }
      return;
    }
    settle(e.seq, l.line);
    const key = dedupeKey(e);
    const hash = writtenHash(e);
    const before = scan.ids.get(key);
    if (before) {
      const how = before.hash === hash ? 'stored twice' : 'reused with other content';
      const message = `event id "${e.id}" of unit "${e.unit}" ${how} (first at line ${before.line})`;
      problem({ line: l.line, kind: 'duplicate', seq: e.seq, message });
      scan.fixes.push({ kind: 'damaged', seq: e.seq, line: l.line, start: l.start, end: l.end, reason: message });
      lost.add(e.seq);
    } else {
      scan.ids.set(key, { seq: e.seq, hash, line: l.line });
      seqLines.set(e.seq, l.line);
      scan.kept.push({ seq: e.seq, start: l.start, end: l.end, receivedAt: e.receivedAt });
      if (!scan.problems.length) {
        scan.events.push(e);
        scan.lastReceivedAt = Math.max(scan.lastReceivedAt, Date.parse(e.receivedAt));
        scan.validBytes = l.end;
        scan.validLines = l.line;
      }
    }
    lastSeq = e.seq;
  });
  // Damaged lines after the last intact one were whole writes (each ends in a newline): they stand for the next seqs.
  const tail = lines.at(-1);
  if (pending.length || (endAt !== undefined && endAt > lastSeq)) settle(Math.max(endAt ?? 0, lastSeq + pending.length) + 1, (tail?.line ?? 0) + 1);
  scan.lastSeq = lastSeq;
  scan.fixes.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  scan.problems.sort((a, b) => a.line - b.line);
}
