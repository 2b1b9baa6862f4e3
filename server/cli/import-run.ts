import { readFile } from 'node:fs/promises';
import type { Me } from '@shared/admin';
import { catalogOf } from '@shared/catalog';
import { ProvinceConfigSchema } from '@shared/config';
import { lineRanges, planBatches, reissued, superseded, type CsvBatch, type HeldState } from '@shared/csv/batches';
import type { CsvProblem } from '@shared/csv/parse';
import { locate, readImport, type CsvEvent } from '@shared/csv/rows';
import type { ErrorBody } from '@shared/errors';
import { MAX_BATCH, type AppendResponse } from '@shared/events';

export interface ImportOptions {
  file: string;
  url: string;
  token: string;
  /** Where lines go (stdout in the command). */
  out: (line: string) => void;
  batchSize?: number;
  /** Attempts per batch on a timeout, a dropped connection, 429 or 503, each with the same events. */
  attempts?: number;
  now?: number;
}

const TIMEOUT_MS = 30_000;
/** Files with more events than this get a progress line per batch. */
const PROGRESS_FROM = MAX_BATCH;

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.error.message ?? `HTTP ${status}`);
  }
}

/**
 * Imports a CSV file: validates all of it against the server's config first and sends nothing
 * unless it is clean; then sends it in batches, each acknowledged before the next, retrying a
 * batch with the same events (so never twice) when the answer is lost or the server is busy.
 * Returns the exit code: 0 when everything is stored, 1 otherwise.
 */
export async function runImport(opts: ImportOptions): Promise<number> {
  const { out } = opts;
  const bytes = new Uint8Array(await readFile(opts.file));
  const call = caller(opts);
  const [config, me] = await Promise.all([call<unknown>('GET', '/api/v1/config'), call<Me>('GET', '/api/v1/me')]);
  const catalog = catalogOf(ProvinceConfigSchema.parse(config));
  const imp = readImport(bytes, { catalog, me, now: opts.now ?? Date.now() });
  if (imp.problems.length) {
    printProblems(out, imp.problems);
    out(`${imp.problems.length} problem${imp.problems.length === 1 ? '' : 's'} in ${opts.file}; nothing was sent.`);
    return 1;
  }
  if (!imp.events.length) {
    out(`${opts.file} has no values to send.`);
    return 0;
  }

  const batches = planBatches(imp.events, opts.batchSize ?? MAX_BATCH);
  const storedLines: number[] = [];
  const duplicates: CsvEvent[] = [];
  let stored = 0;
  let sent = 0;
  for (const [i, batch] of batches.entries()) {
    let answer: AppendResponse;
    try {
      answer = await sendBatch(call, batch, opts.attempts ?? 5);
    } catch (err) {
      out(`batch ${i + 1} of ${batches.length} (lines ${batch.firstLine}–${batch.lastLine}) was refused: ${err instanceof Error ? err.message : String(err)}`);
      if (err instanceof Refused) printProblems(out, (err.body?.error.details ?? []).map((d) => locate(batch.events, 0, d)));
      out(storedLines.length ? `Stored before the failure: lines ${lineRanges(storedLines)}. Not stored: lines ${lineRanges(imp.events.filter((e) => !storedLines.includes(e.line)).map((e) => e.line))}.` : 'Nothing was stored.');
      return 1;
    }
    stored += answer.accepted.length;
    const dupIds = new Set(answer.duplicates.map((d) => d.id));
    duplicates.push(...batch.events.filter((e) => dupIds.has(e.event.id)));
    storedLines.push(...batch.events.map((e) => e.line));
    sent += batch.events.length;
    if (imp.events.length > PROGRESS_FROM) out(`sent ${sent}/${imp.events.length} values (lines ${batch.firstLine}–${batch.lastLine}), batch ${i + 1} of ${batches.length}`);
  }

  const restored = duplicates.length ? await restore(call, duplicates) : 0;
  const already = duplicates.length - restored;
  out(`Stored ${stored + restored} new value${stored + restored === 1 ? '' : 's'} from ${new Set(imp.events.map((e) => e.line)).size} lines of ${opts.file}${already ? `; ${already} were already stored` : ''}.`);
  return 0;
}

/** Re-sends, under new ids, duplicates whose value a later report replaced; returns how many. */
async function restore(call: Call, duplicates: CsvEvent[]): Promise<number> {
  const { seq, state } = await call<{ seq: number; state: HeldState }>('GET', '/api/v1/state');
  const stale = superseded(duplicates, state).map((e) => reissued(e, seq));
  for (const batch of planBatches(stale, MAX_BATCH)) await sendBatch(call, batch, 5);
  return stale.length;
}

async function sendBatch(call: Call, batch: CsvBatch, attempts: number): Promise<AppendResponse> {
  const body = { events: batch.events.map((e) => e.event) };
  for (let attempt = 1; ; attempt++) {
    try {
      return await call<AppendResponse>('POST', '/api/v1/events', body);
    } catch (err) {
      const retryable = !(err instanceof Refused) || err.status === 429 || err.status === 503;
      if (!retryable || attempt >= attempts) throw err;
      const wait = err instanceof Refused && err.status === 429 ? 1_000 : Math.min(500 * 2 ** attempt, 8_000);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

type Call = <T>(method: string, path: string, body?: unknown) => Promise<T>;

function caller(opts: ImportOptions): Call {
  const base = opts.url.replace(/\/+$/, '');
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${opts.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as unknown) : null;
    if (!res.ok) throw new Refused(res.status, parsed as ErrorBody | null);
    return parsed as T;
  };
}

function printProblems(out: (line: string) => void, problems: CsvProblem[]): void {
  for (const p of problems) out(`line ${p.line}, column ${p.column}: ${p.reason}${p.path.startsWith('(') ? '' : ` (${p.path})`}`);
}
