import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { scanArchive, type ArchiveScan } from '../store/archive-scan';
import { describeOwner, folderOwner } from '../store/lock';
import { LOG_FILE, scanLog, type LogProblem } from '../store/logfile';
import { CliError, count, dataDir, logCommand, say } from './common';
import { listProblems, summary } from './log-problems';

/**
 * `npm run log -- verify [--dir <folder>] [--archive <folder>]`: reads the whole log and the
 * archived days of its epoch and reports each damage once, by file and line: after a damaged
 * line it goes on from the next intact one. A summary line, then the first problems. Reads
 * only, so it is safe on a folder a running server holds. Exit 1 when anything is wrong.
 */
export async function verify(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: 'string' }, archive: { type: 'string' } } });
  const dir = dataDir(values.dir);
  const path = join(dir, LOG_FILE);
  if (!existsSync(path)) throw new CliError(`no ${LOG_FILE} in ${dir}: nothing to verify (set IOC_DATA_DIR or --dir to the server's data folder)`);
  const owner = folderOwner(dir);
  const scan = scanLog(readFileSync(path), { tailInFlight: owner !== null });
  const epoch = scan.header ? `epoch ${scan.header.epoch}` : 'no header (a log from before headers: its epoch is in meta.json)';
  say(`${path}: ${count(scan.lines)} lines, ${epoch}`);
  if (owner) say(`held by a running server, ${describeOwner(owner)}: checked what it had written when read; a last line being written is not counted`);
  const firstSeq = scan.header?.firstSeq ?? 1;
  const archiveDir = resolve(values.archive || process.env.IOC_ARCHIVE_DIR || join(dir, 'archive'));
  let archive: ArchiveScan | null = null;
  if (scan.header) {
    try {
      archive = scanArchive(archiveDir, scan.header.epoch);
    } catch (err) {
      say(`the archive in ${archiveDir} cannot be read: ${(err as Error).message}`);
      return 1;
    }
    if (firstSeq > 1 && (archive?.end ?? 0) < firstSeq - 1) {
      say(`events 1 to ${count(firstSeq - 1)} were archived, but the archive in ${archiveDir} ${archive ? `ends at seq ${count(archive.end)}` : 'has none of them'} (give the archive folder with --archive or IOC_ARCHIVE_DIR)`);
      return 1;
    }
    if (archive) say(`archive ${archive.folder}: ${count(archive.days.length)} day files, events 1 to ${count(archive.end)}`);
  }
  const problems: LogProblem[] = [...(archive?.problems ?? []), ...scan.problems];
  const last = Math.max(scan.lastSeq, firstSeq - 1);
  if (!problems.length) {
    say(`no problems: events ${count(archive ? 1 : firstSeq)} to ${count(last)}, in order, each once`);
    return 0;
  }
  say(`${summary(problems)}; every other line is sound: events ${count(archive ? 1 : firstSeq)} to ${count(last)}`);
  listProblems(problems);
  say();
  const unplaceable = scan.unplaceable;
  if (unplaceable) {
    say(`Repair cannot place all of this at seqs: ${unplaceable}.`);
    say(`It will keep lines 1 to ${count(scan.validLines)} (to seq ${count(scan.events.at(-1)?.seq ?? 0)}) under a new epoch and quarantine the rest.`);
  } else {
    const lost = [...(archive?.days.flatMap((d) => d.scan.fixes) ?? []), ...scan.fixes].flatMap((f) => (f.kind === 'damaged' ? [f.seq] : []));
    const at = lost.length ? `, and writes a log.damaged event at ${lost.length === 1 ? `seq ${count(lost[0]!)}` : `${count(lost.length)} seqs`}` : '';
    say(`Repair keeps every intact event as it is (seq, receivedAt, epoch)${at}.`);
  }
  say(`To repair it, stop the server, then: ${logCommand(dir, values.archive ? `repair --archive ${archiveDir}` : 'repair')}`);
  return 1;
}
