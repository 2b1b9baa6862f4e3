import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeOwner, folderOwner } from '../store/lock';
import { LOG_FILE, scanLog, type LogProblem } from '../store/logfile';
import { CliError, count, dataDir, logCommand, say } from './common';

/** Problems listed one by one; past this, the rest are counted by kind. */
const LISTED = 200;

/**
 * `npm run log -- verify [--dir <folder>]`: reads the whole log and reports every problem by
 * line. Reads only, so it is safe on a folder a running server holds. Exit 1 when anything is wrong.
 */
export async function verify(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: 'string' } } });
  const dir = dataDir(values.dir);
  const path = join(dir, LOG_FILE);
  if (!existsSync(path)) throw new CliError(`no ${LOG_FILE} in ${dir}: nothing to verify (set IOC_DATA_DIR or --dir to the server's data folder)`);
  const owner = folderOwner(dir);
  const scan = scanLog(readFileSync(path), { tailInFlight: owner !== null });
  const last = scan.events.at(-1)?.seq ?? 0;
  const epoch = scan.header ? `epoch ${scan.header.epoch}` : 'no header (a log from before headers: its epoch is in meta.json)';
  say(`${path}: ${count(scan.lines)} lines, ${epoch}`);
  if (owner) say(`held by a running server, ${describeOwner(owner)}: checked what it had written when read; a last line being written is not counted`);
  if (!scan.problems.length) {
    say(`no problems: events 1 to ${count(last)}, in order, each once`);
    return 0;
  }
  for (const p of scan.problems.slice(0, LISTED)) say(`line ${p.line}: ${p.message}`);
  if (scan.problems.length > LISTED) say(`... and ${count(scan.problems.length - LISTED)} more: ${byKind(scan.problems.slice(LISTED))}`);
  say();
  say(`${count(scan.problems.length)} ${scan.problems.length === 1 ? 'problem' : 'problems'}. The log is sound up to line ${count(scan.validLines)} (seq ${count(last)}).`);
  say(`To repair it, stop the server, then: ${logCommand(dir, 'repair')}`);
  return 1;
}

function byKind(problems: LogProblem[]): string {
  const kinds = new Map<string, number>();
  for (const p of problems) kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
  return [...kinds].map(([kind, n]) => `${count(n)} ${kind}`).join(', ');
}
