import { randomUUID } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../store/files';
import { DataDirLockedError, lockDataDir } from '../store/lock';
import { headerLine, LOG_FILE, scanLog } from '../store/logfile';
import { CliError, count, dataDir, say } from './common';

/**
 * `npm run log -- repair [--dir <folder>]`: keeps the longest valid prefix of the log as the log
 * (with a new epoch, so every display takes a fresh snapshot), moves every later line to a
 * quarantine file, keeps a copy of the original, and says how to re-send the quarantine.
 * Takes the folder's lock: refuses while a server holds it.
 */
export async function repair(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: 'string' } } });
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
    if (!scan.problems.length) {
      say(`${path}: no problems, nothing to repair`);
      return 0;
    }
    const folder = join(dir, 'repair', new Date().toISOString().replace(/[:.]/g, '-'));
    mkdirSync(folder, { recursive: true });
    const original = join(folder, `${LOG_FILE}.original`);
    copyFileSync(path, original);
    const quarantine = join(folder, 'quarantine.ndjson');
    const rest = bytes.subarray(scan.validBytes);
    await writeFileAtomic(quarantine, rest.at(-1) === 10 ? rest.toString('utf8') : `${rest.toString('utf8')}\n`);

    // The kept events under a new header: this history differs from the one displays may have seen.
    const epoch = randomUUID();
    const eventsStart = scan.header ? bytes.indexOf(10) + 1 : 0;
    const firstSeq = scan.header?.firstSeq ?? 1;
    // A trimmed log's archived events belong to the new epoch too: a copy of them goes with it (the old one stays).
    const archiveDir = resolve(process.env.IOC_ARCHIVE_DIR || join(dir, 'archive'));
    if (scan.header && firstSeq > 1 && existsSync(join(archiveDir, scan.header.epoch))) cpSync(join(archiveDir, scan.header.epoch), join(archiveDir, epoch), { recursive: true });
    await writeFileAtomic(path, headerLine(epoch, new Date(), firstSeq) + bytes.subarray(eventsStart, scan.validBytes).toString('utf8'));
    // A log from before headers kept its epoch there; the header now says it.
    rmSync(join(dir, 'meta.json'), { force: true });

    const kept = scan.events.at(-1)?.seq ?? 0;
    const quarantined = scan.lines - scan.validLines;
    say(`${path}: ${count(scan.problems.length)} ${scan.problems.length === 1 ? 'problem' : 'problems'}, the first at line ${scan.problems[0]!.line}: ${scan.problems[0]!.message}`);
    say(`kept     lines 1 to ${count(scan.validLines)} (events ${count(firstSeq)} to ${count(kept)}) as the log, with a new epoch ${epoch}`);
    say(`moved    the ${count(quarantined)} later ${quarantined === 1 ? 'line' : 'lines'} to ${quarantine}`);
    say(`original ${original}`);
    say();
    say('To put the quarantined events back, start the server and re-send them through the API with their own ids:');
    say(`  npm run log -- resend ${quarantine} --url http://localhost:3000 --token <admin token>`);
    say('Events the log already has are answered as duplicates, so nothing is stored twice; re-running it is safe.');
    return 0;
  } finally {
    lock.release();
  }
}
