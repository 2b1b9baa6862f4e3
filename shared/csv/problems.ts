// Every problem an import can have, as a code with parameters: screens and `npm run import`
// render it from the locale files (`csv_<code>`); the English here is the text logs and tests read.

/** English templates by problem code; `{name}` is a parameter. */
export const CSV_PROBLEMS = {
  utf16: 'the file is UTF-16 (Excel\'s "Unicode Text"); save it from Excel as "CSV UTF-8"',
  mixed_encoding: 'mixed encodings: the rest of the file is UTF-8 but this is not; save it from Excel as "CSV UTF-8"',
  not_utf8: 'not UTF-8 (an ANSI export?); save it from Excel as "CSV UTF-8"',
  unclosed_quote: 'a quoted field is not closed (a " is missing)',
  empty: 'the file is empty',
  bad_header: 'the header must be {counts} (counts) or {progress} (progress)',
  role_may_not_import: 'a {role} token may not import reports',
  second_column: '"{name}" is a second column of that name',
  unknown_indicator: 'unknown indicator "{name}"',
  ratio_column: '"{name}" is a ratio: report its counters instead',
  no_indicator: 'name at least one indicator after unit and day',
  not_a_day: '"{value}" is not a day: use YYYY-MM-DD (or DD/MM/YYYY)',
  future_day: '{day} is in the future (today is {today} in {tz})',
  value_outside_header: 'a value in a column the header does not name',
  value_unnamed_column: 'a value under a column without a name',
  not_a_number: '"{value}" is not a number',
  negative: '{value} is negative',
  not_whole: '{value} is not a whole number (write counts without separators, e.g. 1234)',
  value_conflict: 'line {line} gives {value} for {scope}, {day}, {indicator}',
  unknown_column: 'unknown column "{name}": progress files have {progress}',
  no_status_column: 'the header needs a status column',
  item_missing: 'the item is missing',
  unknown_item: 'unknown task or model "{item}"',
  not_your_item: 'not yours: "{item}" is led by "{lead}", not "{unit}"',
  bad_status: '"{value}" is not a status: use one of {statuses}',
  bad_percent: '"{value}" is not a percent from 0 to 100',
  note_too_long: 'the note has {length} characters; at most 1000',
  progress_conflict: 'line {line} gives other progress for {item}',
  unit_missing: 'the unit is missing',
  unknown_unit: 'unknown unit "{unit}"',
  scope_not_yours: 'this token reports for "{unit}" and its units only',
  parts_disagree: '{whole} is not {parts} ({sum}) on the same row; give the parts alone, or a matching sum',
  too_big: 'must be at most {maximum}',
  too_small: 'must be at least {minimum}',
  /** A check the server makes too, in the server's words (see shared/validate.ts). */
  check: '{message}',
} as const;
export type CsvProblemCode = keyof typeof CSV_PROBLEMS;
export type ProblemParams = Record<string, string | number>;

/** True for a code of CSV_PROBLEMS (a server detail may carry one). */
export function isProblemCode(code: string): code is CsvProblemCode {
  return Object.hasOwn(CSV_PROBLEMS, code);
}

/** A problem's code, parameters and English text. */
export function says(code: CsvProblemCode, params: ProblemParams = {}): { code: CsvProblemCode; params: ProblemParams; reason: string } {
  return { code, params, reason: fillTemplate(CSV_PROBLEMS[code], params) };
}

/** Fills `{name}` placeholders (the same rule as the client's `fill`). */
export function fillTemplate(template: string, values: ProblemParams): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
