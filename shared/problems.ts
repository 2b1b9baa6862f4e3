// Every problem a check can find (the shared validation, the permissions, the CSV import), as a
// code with parameters: screens and `npm run import` render it from the locale files
// (`problem_<code>`, one key per code, which the compiler demands); the English here is the
// `message` that logs, scripts and tests read.

/** English templates by problem code; `{name}` is a parameter. */
export const PROBLEMS = {
  // The CSV reader (shared/csv).
  utf16: 'the file is UTF-16 (Excel\'s "Unicode Text"); save it from Excel as "CSV UTF-8"',
  mixed_encoding: 'mixed encodings: the rest of the file is UTF-8 but this is not; save it from Excel as "CSV UTF-8"',
  not_utf8: 'not UTF-8 (an ANSI export?); save it from Excel as "CSV UTF-8"',
  unclosed_quote: 'a quoted field is not closed (a " is missing)',
  empty: 'the file is empty',
  bad_header: 'the header must be {counts} (counts) or {progress} (progress)',
  role_may_not_import: 'a {role} token may not import reports',
  second_column: '"{name}" is a second column of that name',
  ratio_column: '"{name}" is a ratio: report its counters instead',
  no_indicator: 'name at least one indicator after unit and day',
  not_a_day: '"{value}" is not a day: use YYYY-MM-DD (or DD/MM/YYYY)',
  value_outside_header: 'a value in a column the header does not name',
  value_unnamed_column: 'a value under a column without a name',
  not_a_number: '"{value}" is not a number',
  negative: '{value} is negative',
  not_whole: '{value} is not a whole number (write counts without separators, e.g. 1234)',
  value_conflict: 'line {line} gives {value} for {scope}, {day}, {indicator}',
  unknown_column: 'unknown column "{name}": progress files have {progress}',
  no_status_column: 'the header needs a status column',
  item_missing: 'the item is missing',
  bad_status: '"{value}" is not a status: use one of {statuses}',
  bad_percent: '"{value}" is not a percent from 0 to 100',
  note_too_long: 'the note has {length} characters; at most 1000',
  progress_conflict: 'line {line} gives other progress for {item}',
  unit_missing: 'the unit is missing',
  scope_not_yours: 'this token reports for "{unit}" and its units only',
  parts_disagree: '{whole} is not {parts} ({sum}) on the same row; give the parts alone, or a matching sum',
  // Schemas (zod issues, shared/errors.ts `detailsOf`).
  too_big: 'must be at most {maximum}',
  too_small: 'must be at least {minimum}',
  invalid_type: 'expected {expected}',
  invalid_format: 'not a valid {format}',
  invalid_value: 'must be one of {values}',
  unrecognized_keys: 'unknown fields: {keys}',
  // The config and the clock (shared/validate.ts `checkEvent`, shared/projection/values.ts).
  unknown_unit: 'unknown unit "{unit}"',
  unknown_indicator: 'unknown indicator "{name}"',
  unknown_item: 'unknown task or model "{item}"',
  unknown_alert: 'unknown alert "{alert}"',
  at_future: 'is more than {minutes} minutes in the future',
  before_since: 'is before {since}, the earliest day accepted (config since)',
  period_after_today: '{day} is after today ({today}): report a day once it has begun',
  period_too_old: 'is older than the {keepDays}-day window (from {from})',
  not_finite: 'must be a finite number',
  must_be_whole: 'must be a whole number',
  must_not_be_negative: 'must not be negative',
  text_surrogate: 'contains an unpaired surrogate ({char}) at character {position}',
  text_control: 'contains a control character ({char}) at character {position}',
  text_bidi: 'contains a bidi override or isolate character ({char}) at character {position}',
  text_zero_width: 'contains a zero-width character ({char}) at character {position}',
  command_needs: '{action} needs {field}',
  command_takes_no: '{action} takes no {field}',
  unknown_page: 'unknown page "{page}"; use one of {pages}',
  // A batch's figures against each other (shared/validate.ts `checkBatch`).
  online_above_total: '{numerator} ({value}) is above {denominator} ({total}) for {scope} on {period}',
  parts_sum_differs: '{indicator} is {value} but its parts ({parts}) add up to {sum} for {scope} on {period}',
  // The moment (shared/validate.ts `checkAgainstLive`).
  alert_not_active: '"{alert}" is not active now (it may have cleared); nothing to acknowledge',
  display_not_connected: 'no wall "{target}" is connected now',
  // The token (server/auth/permissions.ts, server/commands/ingest.ts).
  viewer_read_only: 'a viewer token may only read',
  operator_may_not_write: 'an operator may not write {type}',
  unit_may_not_write: 'a unit may not write {type}',
  unit_only: 'this token writes for unit "{unit}" only',
  scope_outside: '"{scope}" is neither "{unit}" nor one of its units',
  not_your_item: 'not yours: "{item}" is led by "{lead}", not "{unit}"',
  server_only: '{type} is written by the server only',
  one_event_or_batch: 'send one event object, or { "events": [ ... ] } with 1 to {max} events',
  id_reused: '"{id}" was stored before with other content',
  // Tokens and queries (server/http).
  unit_token_unit: 'a unit token needs a unit; other roles take none',
  after_or_before: 'give after or before, not both',
  at_or_seq: 'give at or seq, not both',
  display_all: '"all" names every wall',
  time_before_2000: 'use a time from 2000-01-01 on',
  in_future: 'is in the future',
  other_unit: 'this token is for "{unit}"',
  /** A check without a code of its own, in the server's words. */
  check: '{message}',
} as const;
export type ProblemCode = keyof typeof PROBLEMS;
export type ProblemParams = Record<string, string | number>;

/** True for a code of PROBLEMS (a server detail may carry one). */
export function isProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEMS, code);
}

/** A problem's code, parameters and English text. */
export function says(code: ProblemCode, params: ProblemParams = {}): { code: ProblemCode; params: ProblemParams; reason: string } {
  return { code, params, reason: fillTemplate(PROBLEMS[code], params) };
}

/** A problem without its field: what a check returns before its caller knows the path. */
export interface Problem {
  code: ProblemCode;
  params: ProblemParams;
  /** The English text (logs, scripts, tests). */
  message: string;
}
/** A problem of the field `path`: a contract detail (shared/errors.ts `ErrorDetail`) with its code. */
export type ProblemDetail = Problem & { path: string };

/** A problem as a contract detail of the field `path`: code, parameters and the English message. */
export function problemAt(path: string, code: ProblemCode, params: ProblemParams = {}): ProblemDetail {
  return { path, message: fillTemplate(PROBLEMS[code], params), code, params };
}

/** A problem, not yet placed at a field. */
export function problem(code: ProblemCode, params: ProblemParams = {}): Problem {
  return { message: fillTemplate(PROBLEMS[code], params), code, params };
}

/** Fills `{name}` placeholders (the same rule as the client's `fill`). */
export function fillTemplate(template: string, values: ProblemParams): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
