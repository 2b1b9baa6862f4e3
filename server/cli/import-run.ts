import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ApiError, call, type CallOptions } from '@shared/call';
import { catalogOf } from '@shared/catalog';
import { ProvinceConfigSchema } from '@shared/config';
import { HeldAnswerSchema, lineRanges } from '@shared/csv/batches';
import type { CsvProblem } from '@shared/csv/parse';
import { readImport } from '@shared/csv/rows';
import { fillTemplate } from '@shared/problems';
import { runImport as runBatches, type BatchOutcome } from '@shared/csv/run';
import { AppendResponseSchema, MAX_BATCH, type IocEvent } from '@shared/events';
import { RoleSchema } from '@shared/roles';
import type { Messages } from '../../client/i18n/locales/vi';
import { namesFor } from '../../client/i18n/names';
import { csvProblemText, errorText, fieldText, type ParamNames } from '../../client/i18n/problems';

export interface ImportOptions {
  file: string;
  url: string;
  token: string;
  /** Where lines go (stdout in the command). */
  out: (line: string) => void;
  /** The locale file the output is written from, and its language (for the config's names). */
  t: Messages;
  lang?: string;
  batchSize?: number;
  /** Attempts per batch on a timeout, a dropped connection, 429 or 503, each with the same events. */
  attempts?: number;
  now?: number;
}

/** Files with more events than this get a progress line per batch. */
const PROGRESS_FROM = MAX_BATCH;

const MeSchema = z.object({ role: RoleSchema, unit: z.string().optional() });

/**
 * `npm run import`: validates all of a CSV file against the server's config first and sends
 * nothing unless it is clean; then hands it to the shared import runner (shared/csv/run.ts),
 * sending each batch with retries of the same events (so never twice) when the answer is lost or
 * the server is busy. Returns the exit code: 0 when everything is stored, 1 otherwise.
 */
export async function runImport(opts: ImportOptions): Promise<number> {
  const { out, t } = opts;
  const bytes = new Uint8Array(await readFile(opts.file));
  const options: CallOptions = { token: opts.token, baseUrl: opts.url.replace(/\/+$/, '') };
  const [config, me] = await Promise.all([call(ProvinceConfigSchema, options, { path: '/api/v1/config' }), call(MeSchema, options, { path: '/api/v1/me' })]);
  const catalog = catalogOf(config);
  const names = namesFor(catalog, opts.lang ?? 'en');
  const imp = readImport(bytes, { catalog, me, now: opts.now ?? Date.now() });
  if (imp.problems.length) {
    printProblems(out, t, imp.problems, names);
    out(fillTemplate(t.imp_problems, { n: imp.problems.length, s: imp.problems.length === 1 ? '' : 's', file: opts.file }));
    return 1;
  }
  if (!imp.events.length) {
    out(fillTemplate(t.imp_nothing, { file: opts.file }));
    return 0;
  }
  const outcome = await runBatches(imp.events, {
    send: (events) => sendBatch(options, events, opts.attempts ?? 5),
    held: async () => {
      const { seq, state } = await call(HeldAnswerSchema, options, { path: '/api/v1/state' });
      return { seq, ...state };
    },
    progress: (p) => imp.events.length > PROGRESS_FROM && out(fillTemplate(t.imp_progress, { sent: p.sent, total: p.total, first: p.firstLine, last: p.lastLine, batch: p.batch, batches: p.batches })),
    ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}),
  });
  if (outcome.state === 'failed') {
    out(fillTemplate(t.imp_refused, { batch: outcome.batch, batches: outcome.batches, first: outcome.firstLine, last: outcome.lastLine, reason: errorText(t, outcome.code) }));
    printProblems(out, t, outcome.problems, names);
    out(outcome.storedLines.length ? fillTemplate(t.imp_storedBefore, { stored: lineRanges(outcome.storedLines), notStored: lineRanges(outcome.notStoredLines) }) : t.imp_nothingStored);
    return 1;
  }
  out(`${fillTemplate(t.imp_done, { n: outcome.stored, s: outcome.stored === 1 ? '' : 's', lines: outcome.lines, file: opts.file })}${outcome.already ? fillTemplate(t.imp_already, { n: outcome.already }) : ''}.`);
  return 0;
}

/** Sends one batch, again with the same events after a lost answer, a 429 or a 503, up to `attempts` times. */
async function sendBatch(options: CallOptions, events: IocEvent[], attempts: number): Promise<BatchOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await call(AppendResponseSchema, options, { method: 'POST', path: '/api/v1/events', body: { events } });
      return { stored: true, duplicateIds: answer.duplicates.map((d) => d.id) };
    } catch (err) {
      const failure = err instanceof ApiError ? err : new ApiError('network', 0, String(err));
      const retryable = failure.code === 'network' || failure.code === 'rate_limited' || failure.code === 'store_unavailable';
      if (!retryable || attempt >= attempts) return { stored: false, code: failure.code, message: failure.message, details: failure.details };
      await new Promise((r) => setTimeout(r, failure.retryAfterMs ?? Math.min(500 * 2 ** attempt, 8_000)));
    }
  }
}

function printProblems(out: (line: string) => void, t: Messages, problems: CsvProblem[], names: ParamNames): void {
  for (const p of problems) out(fillTemplate(t.imp_problem, { line: p.line, column: p.column, reason: csvProblemText(t, p, names), path: p.path.startsWith('(') ? '' : ` (${fieldText(t, p.path)})` }));
}
