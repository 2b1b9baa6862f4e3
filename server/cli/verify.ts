import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Archive } from '../store/archive';
import { describeOwner, folderOwner } from '../store/lock';
import { LOG_FILE, scanLog, type LogProblem } from '../store/logfile';
import { CliError, count, dataDir, logCommand, say } from './common';

/** Problems listed one by one; past this, the rest are counted by kind. */
const LISTED = 200;

/**
 * `npm run log -- verify [--dir <folder>] [--archive <folder>]`: reads the whole log and reports
 * every problem by line; a log that starts after seq 1 needs the archive to hold every event
 * before it. Reads only, so it is safe on a folder a running server holds. Exit 1 when anything is wrong.
 */
export async function verify(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: 'string' }, archive: { type: 'string' } } });
  const dir = dataDir(values.dir);
  const path = join(dir, LOG_FILE);
  if (!existsSync(path)) throw new CliError(`no ${LOG_FILE} in ${dir}: nothing to verify (set IOC_DATA_DIR or --dir to the server's data folder)`);
  const owner = folderOwner(dir);
  const scan = scanLog(readFileSync(path), { tailInFlight: owner !== null });
  const last = scan.events.at(-1)?.seq ?? 0;
  const epoch = scan.header ? `epoch ${scan.header.epoch}` : 'no header (a log from before headers: its epoch is in meta.json)';
  say(`${path}: ${count(scan.lines)} lines, ${epoch}`);
  if (owner) say(`held by a running server, ${describeOwner(owner)}: checked what it had written when read; a last line being written is not counted`);
  const firstSeq = scan.header?.firstSeq ?? 1;
  if (firstSeq > 1 && scan.header) {
    const archiveDir = resolve(values.archive || process.env.IOC_ARCHIVE_DIR || join(dir, 'archive'));
    const gap = await archiveGap(new Archive(archiveDir, scan.header.epoch), firstSeq - 1);
    if (gap) {
      say(`events 1 to ${count(firstSeq - 1)} were archived, but ${gap} (give the archive folder with --archive or IOC_ARCHIVE_DIR)`);
      return 1;
    }
    say(`events 1 to ${count(firstSeq - 1)} are in the archive in ${archiveDir}, each once and in order`);
  }
  if (!scan.problems.length) {
    say(`no problems: events ${count(firstSeq)} to ${count(last)}, in order, each once`);
    return 0;
  }
  for (const p of scan.problems.slice(0, LISTED)) say(`line ${p.line}: ${p.message}`);
  if (scan.problems.length > LISTED) say(`... and ${count(scan.problems.length - LISTED)} more: ${byKind(scan.problems.slice(LISTED))}`);
  say();
  say(`${count(scan.problems.length)} ${scan.problems.length === 1 ? 'problem' : 'problems'}. The log is sound up to line ${count(scan.validLines)} (seq ${count(last)}).`);
  say(`To repair it, stop the server, then: ${logCommand(dir, 'repair')}`);
  return 1;
}

/** What is wrong with the archive of events 1 to `upTo`, or null when it holds each of them in order. */
async function archiveGap(archive: Archive, upTo: number): Promise<string | null> {
  let expected = 1;
  try {
    for await (const day of archive.all()) {
      for (const e of day) {
        if (e.seq > upTo) return null;
        if (e.seq !== expected) return `the archive in ${archive.root} has seq ${e.seq} where ${expected} was expected`;
        expected += 1;
      }
    }
  } catch (err) {
    return `the archive in ${archive.root} cannot be read: ${(err as Error).message}`;
  }
  return expected > upTo ? null : `the archive in ${archive.root} ends at seq ${expected - 1}`;
}

function byKind(problems: LogProblem[]): string {
  const kinds = new Map<string, number>();
  for (const p of problems) kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
  return [...kinds].map(([kind, n]) => `${count(n)} ${kind}`).join(', ');
}
