import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { ARCHIVE_INDEX, type ArchivedDay } from './archive';
import { writeFileAtomic } from './files';
import { scanLog, type LogProblem, type LogScan } from './log-scan';

/** One archived day's file, read line by line as the log is. */
export interface DayScan {
  day: ArchivedDay;
  path: string;
  /** The decompressed text (what could be decompressed of it). */
  text: Buffer;
  scan: LogScan;
}

/** A problem of an archived day: its file and line. */
export type ArchiveProblem = LogProblem & { file: string };

export interface ArchiveScan {
  folder: string;
  days: DayScan[];
  problems: ArchiveProblem[];
  /** The last archived seq, 0 when nothing is. */
  end: number;
}

interface IndexFile {
  days: ArchivedDay[];
}

/**
 * Reads every archived day of `epoch` in `root` and checks it as the log is checked, against
 * the seqs its index names: a damaged line is reported with its file and line; a file that
 * cannot be decompressed past some point loses the seqs after it (a gap). Days must follow one
 * another with no gap. Null when the epoch has no archive.
 */
export function scanArchive(root: string, epoch: string): ArchiveScan | null {
  const folder = join(root, epoch);
  const indexPath = join(folder, ARCHIVE_INDEX);
  if (!existsSync(indexPath)) return null;
  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as IndexFile;
  const out: ArchiveScan = { folder, days: [], problems: [], end: 0 };
  let expected = 1;
  for (const day of index.days) {
    const path = join(folder, day.file);
    if (day.first !== expected) out.problems.push({ file: day.file, line: 1, kind: 'gap', seq: expected, message: `the archive index has seq ${day.first} where ${expected} was expected` });
    expected = day.last + 1;
    const { text, error } = existsSync(path) ? decompress(readFileSync(path)) : { text: Buffer.alloc(0), error: 'the file is missing' };
    const scan = scanLog(text, { day: { first: day.first, last: day.last } });
    if (error) out.problems.push({ file: day.file, line: 1, kind: 'shape', message: `${error}: read as far as it goes` });
    for (const p of scan.problems) out.problems.push({ ...p, file: day.file });
    out.days.push({ day, path, text, scan });
    out.end = day.last;
  }
  return out;
}

/** The file's text; when it is damaged, what comes out before the damage and why it stops. */
function decompress(gz: Buffer): { text: Buffer; error: string | null } {
  try {
    return { text: gunzipSync(gz), error: null };
  } catch (err) {
    try {
      // A cut or damaged stream still gives back what it holds up to the damage.
      const partial = gunzipSync(gz, { finishFlush: constants.Z_SYNC_FLUSH });
      const cut = partial.lastIndexOf(10) + 1;
      return { text: partial.subarray(0, cut), error: `cannot be decompressed whole (${(err as Error).message})` };
    } catch {
      return { text: Buffer.alloc(0), error: `cannot be decompressed (${(err as Error).message})` };
    }
  }
}

/** Writes a mended day's events over its file (whole or not at all), then its entry in the index. */
export async function rewriteDay(scan: ArchiveScan, day: DayScan, body: Buffer): Promise<void> {
  const bytes = gzipSync(body);
  await writeFileAtomic(day.path, bytes);
  const indexPath = join(scan.folder, ARCHIVE_INDEX);
  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as IndexFile & Record<string, unknown>;
  const days = index.days.map((d) => (d.file === day.day.file ? { ...d, bytes: bytes.length } : d));
  await writeFileAtomic(indexPath, Buffer.from(JSON.stringify({ ...index, days }, null, 1)));
}
