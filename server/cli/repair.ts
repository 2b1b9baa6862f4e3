import { randomUUID } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rewriteDay, scanArchive, type ArchiveScan } from '../store/archive-scan';
import { writeFileAtomic } from '../store/files';
import { DataDirLockedError, lockDataDir } from '../store/lock';
import { dropSnapshotsFrom, mend, type Mended } from '../store/log-repair';
import { headerLine, LOG_FILE, scanLog, type LogScan } from '../store/logfile';
import { CliError, count, dataDir, plural, say } from './common';
import { LISTED, summary } from './log-problems';

interface Job {
  dir: string;
  path: string;
  bytes: Buffer;
  scan: LogScan;
  archive: ArchiveScan | null;
  archiveDir: string;
  /** repair/<time>/ in the data folder. */
  folder: string;
}

/**
 * `npm run log -- repair [--dir <folder>] [--archive <folder>]`: mends the log and the archived
 * days of its epoch in place. Every intact event stays as it was (epoch, seq, receivedAt, by);
 * a damaged line becomes a `log.damaged` event at its seq, second copies and stray lines are
 * taken out, a torn last line is cut; every byte taken out goes to a quarantine file. Only
 * damage that cannot be placed at a seq (the header, seqs out of order) falls back to keeping
 * the valid prefix under a new epoch. Keeps a copy of the original log. Takes the folder's
 * lock: refuses while a server holds it.
 */
export async function repair(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: 'string' }, archive: { type: 'string' } } });
  const dir = dataDir(values.dir);
  const path = join(dir, LOG_FILE);
  if (!existsSync(path)) throw new CliError(`no ${LOG_FILE} in ${dir}: nothing to repair`);
  let lock;
  try {
    lock = lockDataDir(dir);
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new CliError(`refusing to repair while a server holds the folder. ${err.message}`);
    throw err;
  }
  try {
    const bytes = readFileSync(path);
    const scan = scanLog(bytes);
    const archiveDir = resolve(values.archive || process.env.IOC_ARCHIVE_DIR || join(dir, 'archive'));
    const archive = scan.header ? scanArchive(archiveDir, scan.header.epoch) : null;
    const problems = [...(archive?.problems ?? []), ...scan.problems];
    if (!problems.length) {
      say(`${path}: no problems, nothing to repair`);
      return 0;
    }
    const folder = join(dir, 'repair', new Date().toISOString().replace(/[:.]/g, '-'));
    mkdirSync(folder, { recursive: true });
    copyFileSync(path, join(folder, `${LOG_FILE}.original`));
    say(`${path}: ${summary(problems)}`);
    const job = { dir, path, bytes, scan, archive, archiveDir, folder };
    return scan.unplaceable ? await keepPrefix(job, scan.unplaceable) : await inPlace(job);
  } finally {
    lock.release();
  }
}

/** Every fix at its seq: the log keeps its epoch and every intact event. */
async function inPlace({ dir, path, bytes, scan, archive, folder }: Job): Promise<number> {
  const now = new Date();
  const epoch = scan.header?.epoch ?? legacyEpoch(dir);
  const repairs = scan.header?.repairs ?? [];
  const quarantine = join(folder, 'quarantine.ndjson');
  const ctx = { quarantine: relative(dir, quarantine), repair: repairs.length + 1, now };
  const days = (archive?.days ?? []).filter((d) => d.scan.problems.length).map((d) => ({ d, mended: mend(d.text, d.scan, { ...ctx, file: d.day.file }) }));
  const live = mend(bytes, scan, ctx);
  const all: Mended[] = [...days.map((d) => d.mended), live];
  const damaged = all.flatMap((m) => m.damaged);
  const notes = all.flatMap((m) => m.notes);
  const lowest = damaged.length ? damaged.reduce((a, b) => Math.min(a, b)) : null;
  const highest = damaged.reduce((a, b) => Math.max(a, b), 0);
  const quarantined = Buffer.concat(all.map((m) => m.quarantined));
  await writeFileAtomic(quarantine, quarantined);
  await writeFileAtomic(join(folder, 'notes.txt'), `${notes.join('\n')}\n`);
  // Snapshots first: a repair cut short must not leave one that describes the lost events.
  const dropped = lowest === null ? 0 : dropSnapshotsFrom(dir, epoch, lowest);
  for (const { d, mended } of days) await rewriteDay(archive!, d, mended.body);
  const marks = lowest === null ? repairs : [...repairs, { seq: lowest, at: now.toISOString() }];
  const createdAt = scan.header ? new Date(scan.header.createdAt) : now;
  await writeFileAtomic(path, Buffer.concat([Buffer.from(headerLine(epoch, createdAt, scan.header?.firstSeq ?? 1, marks)), live.body]));
  if (!scan.header) rmSync(join(dir, 'meta.json'), { force: true });

  for (const note of notes.slice(0, LISTED)) say(note);
  if (notes.length > LISTED) say(`... and ${count(notes.length - LISTED)} more (all in ${join(folder, 'notes.txt')})`);
  const events = scan.kept.length + (archive?.days.reduce((k, d) => k + d.scan.kept.length, 0) ?? 0);
  const last = Math.max(scan.lastSeq, highest);
  say(`kept       every intact event as it was: ${plural(events, 'event')} up to seq ${count(last)}, epoch ${epoch} unchanged`);
  if (damaged.length) {
    say(`wrote      ${plural(damaged.length, 'log.damaged event')} in place of what was lost (${damaged.length === 1 ? `seq ${count(damaged[0]!)}` : `seqs ${count(lowest!)} to ${count(highest)}`})`);
    say(`           a display that saw the lost ${damaged.length === 1 ? 'event' : 'events'} gets a fresh snapshot when it reconnects`);
    say(`removed    ${plural(dropped, 'snapshot')} from seq ${count(lowest!)} on: they no longer match the log`);
  }
  if (days.length) say(`archive    mended ${plural(days.length, 'day file')} in ${archive!.folder}`);
  say(`quarantine ${quarantine} (${plural(quarantined.length, 'byte')}; what each line was: notes.txt beside it)`);
  say(`original   ${join(folder, `${LOG_FILE}.original`)}`);
  if (quarantined.length) {
    say();
    say('The quarantined lines are kept as they were. To put back an event you can still read there (a second copy never needs it), re-send it:');
    say(`  npm run log -- resend ${quarantine} --url http://localhost:3000 --token <admin token>`);
  }
  return 0;
}

/** The epoch of a log written before logs had a header. */
function legacyEpoch(dir: string): string {
  const meta = join(dir, 'meta.json');
  return existsSync(meta) ? (JSON.parse(readFileSync(meta, 'utf8')) as { epoch: string }).epoch : randomUUID();
}

/**
 * When damage cannot be placed at a seq: keeps the longest valid prefix as the log under a new
 * epoch (this history differs from what displays may have seen, so they all take a fresh
 * snapshot) and moves every later line to quarantine, to re-send.
 */
async function keepPrefix({ dir, path, bytes, scan, archiveDir, folder }: Job, why: string): Promise<number> {
  const quarantine = join(folder, 'quarantine.ndjson');
  const rest = bytes.subarray(scan.validBytes);
  await writeFileAtomic(quarantine, rest.at(-1) === 10 || !rest.length ? rest.toString('utf8') : `${rest.toString('utf8')}\n`);
  const epoch = randomUUID();
  const eventsStart = scan.header ? bytes.indexOf(10) + 1 : 0;
  const firstSeq = scan.header?.firstSeq ?? 1;
  // A trimmed log's archived events belong to the new epoch too: a copy of them goes with it (the old one stays).
  if (scan.header && firstSeq > 1 && existsSync(join(archiveDir, scan.header.epoch))) cpSync(join(archiveDir, scan.header.epoch), join(archiveDir, epoch), { recursive: true });
  await writeFileAtomic(path, headerLine(epoch, new Date(), firstSeq) + bytes.subarray(Math.min(eventsStart, scan.validBytes), scan.validBytes).toString('utf8'));
  // A log from before headers kept its epoch there; the header now says it.
  rmSync(join(dir, 'meta.json'), { force: true });

  const kept = scan.events.at(-1)?.seq ?? 0;
  const quarantined = scan.lines - scan.validLines;
  say(`cannot mend in place: ${why}`);
  say(`kept       lines 1 to ${count(scan.validLines)} (events ${count(firstSeq)} to ${count(kept)}) as the log, with a new epoch ${epoch}`);
  say(`moved      the ${count(quarantined)} later ${quarantined === 1 ? 'line' : 'lines'} to ${quarantine}`);
  say(`original   ${join(folder, `${LOG_FILE}.original`)}`);
  say();
  say('To put the quarantined events back, start the server and re-send them through the API with their own ids:');
  say(`  npm run log -- resend ${quarantine} --url http://localhost:3000 --token <admin token>`);
  say('Events the log already has are answered as duplicates, so nothing is stored twice; re-running it is safe.');
  return 0;
}
