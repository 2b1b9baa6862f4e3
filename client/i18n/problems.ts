import { ApiError, type ApiErrorCode } from '@shared/call';
import type { CsvProblem } from '@shared/csv/parse';
import type { ErrorDetail } from '@shared/errors';
import { fillTemplate, isProblemCode, type ProblemCode, type ProblemParams } from '@shared/problems';
import type { Messages } from './locales/vi';
import type { Names } from './names';

// Errors and problems in the reader's language, from their codes and parameters: never the
// server's English. Imported by `npm run import` too, so it reads the locale files only.

/** Every problem code has its text in the locale files: a code added to shared/problems.ts without one does not compile. */
export type ProblemMessages = { [C in ProblemCode as `problem_${C}`]: string };
const everyCodeHasText = (t: Messages): ProblemMessages => t;

/** An error code (the contract's, or the client's `network`, `bad_answer`, `queue_full`) in words. */
export function errorText(t: Messages, code: ApiErrorCode | 'queue_full' | string): string {
  const key = `err_${code}`;
  return isMessageKey(t, key) ? t[key] : t.err_internal;
}

/** The config's names, for a problem's parameters that hold ids (units, indicators, items). */
export type ParamNames = Pick<Names, 'unit' | 'indicator' | 'item'>;

const UNIT_PARAMS = new Set(['unit', 'scope', 'lead']);
const INDICATOR_PARAMS = new Set(['indicator', 'numerator', 'denominator', 'name']);

/** A problem's parameters for the reader: ids as the config names them, an event type or a role as the locale file does. */
function readable(t: Messages, params: ProblemParams, names: ParamNames | undefined): ProblemParams {
  const out: ProblemParams = {};
  for (const [key, value] of Object.entries(params)) {
    const text = String(value);
    const word = key === 'type' ? `ev_${text.replace('.', '_')}` : key === 'role' ? `a_role_${text}` : '';
    if (isMessageKey(t, word)) out[key] = t[word];
    else if (!names || typeof value !== 'string') out[key] = value;
    else if (UNIT_PARAMS.has(key)) out[key] = names.unit(text);
    else if (INDICATOR_PARAMS.has(key)) out[key] = names.indicator(text);
    else if (key === 'item') out[key] = names.item(text);
    // A list of indicators: "a, b" or "a + b".
    else if (key === 'parts') out[key] = text.split(/(, | \+ )/).map((part, i) => (i % 2 ? part : names.indicator(part))).join('');
    else out[key] = value;
  }
  return out;
}

/** A problem (of a CSV import, a shared check or the server) in words; its line and column are the caller's to add. */
export function csvProblemText(t: Messages, problem: Pick<CsvProblem, 'code' | 'params' | 'path'>, names?: ParamNames): string {
  return fillTemplate(everyCodeHasText(t)[`problem_${problem.code}`], { ...readable(t, problem.params, names), path: problem.path });
}

/** The code of a detail a form wrote itself, from the locale files: its message is shown as it is. */
export const IN_READERS_WORDS = 'in_readers_words';

/** A field's problem from the server or a shared check: from its code when it has one of ours, else named by its field. */
export function detailText(t: Messages, detail: ErrorDetail, names?: ParamNames): string {
  if (detail.code === IN_READERS_WORDS) return detail.message;
  if (detail.code !== undefined && isProblemCode(detail.code)) return csvProblemText(t, { code: detail.code, params: detail.params ?? {}, path: detail.path }, names);
  return fillTemplate(t.problem_check, { message: detail.message, path: detail.path });
}

/** A failed call in words: its details from their codes when the answer carries details, else its error code. */
export function failureText(t: Messages, err: unknown, names?: ParamNames): string {
  if (!(err instanceof ApiError)) return errorText(t, 'internal');
  const texts = [...new Set(err.details.map((d) => detailText(t, d, names)))];
  return texts.length ? texts.join('; ') : errorText(t, err.code);
}

/** An event's field (a detail's `path`, e.g. `value`) in the reader's words, or as it is when the locale files do not name it. */
export function fieldText(t: Messages, path: string): string {
  const key = `field_${path}`;
  return isMessageKey(t, key) ? t[key] : path;
}

function isMessageKey(t: Messages, key: string): key is keyof Messages {
  return Object.hasOwn(t, key);
}
