import type { ErrorDetail } from '../errors';
import { isProblemCode, says, type ProblemCode, type ProblemParams } from '../problems';

/** Where a problem is in the file: 1-based line and column (the column is the field's number, as a spreadsheet counts). */
export interface CsvProblem {
  line: number;
  column: number;
  /** The contract's name of the event field the cell becomes (e.g. `value`, `period`), or `(file)`. */
  path: string;
  /** What is wrong, as a code with parameters (rendered from the locale files) and in English. */
  code: ProblemCode;
  params: ProblemParams;
  reason: string;
}

/** A server's detail (or a shared check's) as an import problem: its code when it has one of ours, else its words. */
export function problemOf(detail: ErrorDetail): Pick<CsvProblem, 'code' | 'params' | 'reason'> {
  const code = detail.code;
  return code !== undefined && isProblemCode(code) ? says(code, detail.params) : says('check', { message: detail.message, path: detail.path });
}

export interface CsvRecord {
  /** The line of the file the record starts on. */
  line: number;
  cells: string[];
}

export interface CsvTable {
  delimiter: ',' | ';';
  records: CsvRecord[];
}

/**
 * Reads a CSV file as Excel and others write it: UTF-8 with or without a BOM, comma or semicolon
 * separated (told by the header line), quoted fields with doubled quotes and line breaks, CRLF or LF.
 * Anything that is not valid UTF-8 (an ANSI or UTF-16 export, or a file pasted together from
 * both) is a problem on its line: guessing the encoding would store wrong names.
 */
export function parseCsv(bytes: Uint8Array): { table: CsvTable; problems: CsvProblem[] } {
  const empty: CsvTable = { delimiter: ',', records: [] };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { table: empty, problems: [{ line: 1, column: 1, path: '(file)', ...says('utf16') }] };
  }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const delimiter = detectDelimiter(body);
  const invalid = invalidUtf8(body, delimiter);
  if (invalid.length) return { table: { ...empty, delimiter }, problems: invalid };
  const text = new TextDecoder('utf-8').decode(body);
  return tokenize(text, delimiter);
}

/** The header line's separator: the one of `,` and `;` it has more of (outside quotes); a comma on a tie. */
function detectDelimiter(bytes: Uint8Array): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const b of bytes) {
    if (b === 0x22) quoted = !quoted;
    else if (!quoted && (b === 0x0a || b === 0x0d)) break;
    else if (!quoted && b === 0x2c) commas += 1;
    else if (!quoted && b === 0x3b) semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the bytes there are not one. */
function sequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const c = bytes[i + k];
    return c !== undefined && c >= lo && c <= hi;
  };
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** One problem per line that holds bytes that are not UTF-8, at the field they are in. */
function invalidUtf8(bytes: Uint8Array, delimiter: string): CsvProblem[] {
  const sep = delimiter.charCodeAt(0);
  const problems: CsvProblem[] = [];
  let line = 1;
  let column = 1;
  let quoted = false;
  let sawMultibyte = false;
  let reportedLine = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const n = sequenceAt(bytes, i);
    if (n === 0) {
      if (reportedLine !== line) problems.push({ line, column, path: '(file)', ...says('not_utf8') });
      reportedLine = line;
      i += 1;
      continue;
    }
    if (n > 1) sawMultibyte = true;
    if (b === 0x22) quoted = !quoted;
    else if (b === sep && !quoted) column += 1;
    else if (b === 0x0a) {
      line += 1;
      if (!quoted) column = 1;
    }
    i += n;
  }
  const why = says(sawMultibyte ? 'mixed_encoding' : 'not_utf8');
  return problems.map((p) => ({ ...p, ...why }));
}

function tokenize(text: string, delimiter: ',' | ';'): { table: CsvTable; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    cells.push(cell);
    // Excel writes rows of empty cells below a table; they carry nothing.
    if (cells.some((c) => c.trim() !== '')) records.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else if (ch === '\r' && text[i + 1] === '\n') continue;
      else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line += 1;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      cell = '';
      quoted = true;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      start = line;
    } else cell += ch;
  }
  if (quoted) problems.push({ line: start, column: cells.length + 1, path: '(file)', ...says('unclosed_quote') });
  if (cell !== '' || cells.length) endRecord();
  return { table: { delimiter, records }, problems };
}
