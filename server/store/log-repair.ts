import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_UNIT, type LogDamaged, type StoredEvent } from '@shared/events';
import { SERVER_ID } from '../auth/tokens';
import type { Fix, LogScan } from './log-scan';

/** Where a repair writes, and what its `log.damaged` events say about it. */
export interface MendContext {
  /** The quarantine file, relative to the data folder, named in each `log.damaged` event. */
  quarantine: string;
  /** An archived day's file name, when mending one. */
  file?: string;
  /** This repair's number (1 for the log's first): part of each `log.damaged` id, which must be new. */
  repair: number;
  now: Date;
}

export interface Mended {
  /** The events, one a line: every intact line as it was, byte for byte, and a `log.damaged` event at each lost seq. */
  body: Buffer;
  /** The raw bytes of every line taken out, one a line, for `npm run log -- resend`. */
  quarantined: Buffer;
  /** One line per fix, for the quarantine folder's notes.txt and the command's output. */
  notes: string[];
  /** The seqs that now hold a `log.damaged` event. */
  damaged: number[];
}

const n = (v: number) => v.toLocaleString('en-US');

/**
 * Applies a scan's fixes to the bytes it read: intact lines stay as they are, each lost seq gets
 * a server-written `log.damaged` event (with the `receivedAt` of the event before it, so times
 * still only grow along the log), second copies and stray lines go to quarantine, a torn last
 * line is cut (its bytes kept in quarantine too).
 */
export function mend(bytes: Buffer, scan: LogScan, ctx: MendContext): Mended {
  const lost = new Map<number, Extract<Fix, { kind: 'damaged' }>>();
  const quarantined: Buffer[] = [];
  const notes: string[] = [];
  const where = (line: number | null) => (line === null ? '' : `${ctx.file ? `${ctx.file} ` : ''}line ${n(line)}: `);
  for (const fix of scan.fixes) {
    const raw = bytes.subarray(fix.start, fix.end);
    if (raw.length) quarantined.push(raw.at(-1) === 10 ? raw : Buffer.concat([raw, Buffer.from('\n')]));
    const size = `${n(raw.length)} bytes`;
    if (fix.kind === 'damaged') {
      lost.set(fix.seq, fix);
      notes.push(`${where(fix.line)}seq ${n(fix.seq)} is now a log.damaged event: ${fix.reason}${fix.line === null ? '' : ` (${size} kept)`}`);
    } else if (fix.kind === 'drop') {
      notes.push(`${where(fix.line)}taken out: ${fix.reason} (${size} kept)`);
    } else {
      notes.push(`${where(fix.line)}cut: ${fix.reason} (${size} kept)`);
    }
  }
  const parts: Buffer[] = [];
  let kept = 0;
  let previousAt: string | null = null;
  const first = scan.kept[0]?.seq ?? Infinity;
  let last = scan.kept.at(-1)?.seq ?? 0;
  let from = first;
  for (const seq of lost.keys()) {
    last = Math.max(last, seq);
    from = Math.min(from, seq);
  }
  for (let seq = from; seq <= last; seq++) {
    const line = scan.kept[kept];
    if (line?.seq === seq) {
      parts.push(bytes.subarray(line.start, line.end));
      previousAt = line.receivedAt;
      kept += 1;
      continue;
    }
    const fix = lost.get(seq);
    if (!fix) continue;
    const receivedAt = previousAt ?? scan.kept[kept]?.receivedAt ?? ctx.now.toISOString();
    parts.push(Buffer.from(`${JSON.stringify(damagedEvent(fix, ctx, receivedAt))}\n`));
  }
  return { body: Buffer.concat(parts), quarantined: Buffer.concat(quarantined), notes, damaged: [...lost.keys()].sort((a, b) => a - b) };
}

function damagedEvent(fix: Extract<Fix, { kind: 'damaged' }>, ctx: MendContext, receivedAt: string): StoredEvent {
  const event: LogDamaged = {
    id: `log.damaged.${fix.seq}.r${ctx.repair}`,
    type: 'log.damaged',
    unit: SYSTEM_UNIT,
    at: ctx.now.toISOString(),
    reason: fix.reason.slice(0, 500),
    bytes: fix.end - fix.start,
    quarantine: ctx.quarantine,
    ...(fix.line !== null ? { line: fix.line } : {}),
    ...(ctx.file ? { file: ctx.file } : {}),
  };
  return { ...event, seq: fix.seq, receivedAt, by: SERVER_ID };
}

/**
 * Removes the snapshots of `epoch` taken at or after `seq`: they were derived from events a
 * repair replaced, so they no longer match the log. Returns how many were removed.
 */
export function dropSnapshotsFrom(dataDir: string, epoch: string, seq: number): number {
  const folder = join(dataDir, 'snapshots', epoch);
  if (!existsSync(folder)) return 0;
  let removed = 0;
  for (const name of readdirSync(folder)) {
    const match = /^(\d+)-\d+\.json$/.exec(name);
    if (match && Number(match[1]) >= seq) {
      rmSync(join(folder, name), { force: true });
      removed += 1;
    }
  }
  return removed;
}
