import type { ApiErrorCode } from '@shared/call';
import type { CsvProblem } from '@shared/csv/parse';
import { fillTemplate, isProblemCode } from '@shared/problems';
import type { ErrorDetail } from '@shared/errors';
import type { Messages } from './locales/vi';

// Errors and problems in the reader's language, from their codes and parameters: never the
// server's English. Imported by `npm run import` too, so it reads the locale files only.

/** An error code (the contract's, or the client's `network`, `bad_answer`, `queue_full`) in words. */
export function errorText(t: Messages, code: ApiErrorCode | 'queue_full' | string): string {
  const key = `err_${code}`;
  return isMessageKey(t, key) ? t[key] : t.err_internal;
}

/** A CSV import's problem in words (its line and column are the caller's to add). */
export function csvProblemText(t: Messages, problem: Pick<CsvProblem, 'code' | 'params' | 'path'>): string {
  return fillTemplate(t[`problem_${problem.code}`], { ...problem.params, path: problem.path });
}

/** The code of a detail a form wrote itself, from the locale files: its message is shown as it is. */
export const IN_READERS_WORDS = 'in_readers_words';

/** A field's problem from the server or a shared check: from its code when it has one of ours, else named by its field. */
export function detailText(t: Messages, detail: ErrorDetail): string {
  if (detail.code === IN_READERS_WORDS) return detail.message;
  if (detail.code !== undefined && isProblemCode(detail.code)) return csvProblemText(t, { code: detail.code, params: detail.params ?? {}, path: detail.path });
  return fillTemplate(t.problem_check, { message: detail.message, path: detail.path });
}

function isMessageKey(t: Messages, key: string): key is keyof Messages {
  return Object.hasOwn(t, key);
}
