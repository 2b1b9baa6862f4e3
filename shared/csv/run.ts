import type { ErrorDetail } from '../errors';
import { MAX_BATCH, type IocEvent } from '../events';
import { planBatches, reissued, superseded, type CsvBatch, type HeldState } from './batches';
import type { CsvProblem } from './parse';
import { locate, type CsvEvent } from './rows';

/** What sending one batch came to: stored (with the ids the server answered as duplicates), or not, and why. */
export type BatchOutcome = { stored: true; duplicateIds: string[] } | { stored: false; code: string; message: string; details: ErrorDetail[] };

/** How far an import is, after each stored batch. */
export interface ImportProgress {
  /** Events stored or answered as duplicates so far, of `total`. */
  sent: number;
  total: number;
  /** 1-based number of the batch just stored, of `batches`. */
  batch: number;
  batches: number;
  firstLine: number;
  lastLine: number;
}

export interface ImportIo {
  /** Sends one batch and resolves once it is stored or refused for good; retrying (with the same events) is the sender's job. */
  send(events: IocEvent[], batch: CsvBatch): Promise<BatchOutcome>;
  /** The values in force now and the log position, read once after the first pass. */
  held(): Promise<HeldState & { seq: number }>;
  progress?(progress: ImportProgress): void;
  batchSize?: number;
}

export type ImportOutcome =
  | { state: 'done'; stored: number; already: number; lines: number }
  | {
      state: 'failed';
      batch: number;
      batches: number;
      firstLine: number;
      lastLine: number;
      code: string;
      message: string;
      /** The server's details, placed on the file's lines and columns. */
      problems: CsvProblem[];
      storedLines: number[];
      notStoredLines: number[];
    };

/**
 * Sends a clean import (readImport found no problem) in batches, each stored before the next, so
 * a failure says exactly which lines were stored. Then re-sends, under new ids, rows answered as
 * duplicates whose value a later report replaced (the file restores them). The one import loop:
 * the console's panel and `npm run import` only give it a send function and show its progress.
 */
export async function runImport(events: CsvEvent[], io: ImportIo): Promise<ImportOutcome> {
  const batches = planBatches(events, io.batchSize ?? MAX_BATCH);
  const storedLines = new Set<number>();
  const duplicates: CsvEvent[] = [];
  let stored = 0;
  let sent = 0;
  const failed = (i: number, count: number, batch: CsvBatch, outcome: Extract<BatchOutcome, { stored: false }>, notStored: number[]): ImportOutcome => {
    const missing = new Set(notStored);
    return {
      state: 'failed',
      batch: i + 1,
      batches: count,
      firstLine: batch.firstLine,
      lastLine: batch.lastLine,
      code: outcome.code,
      message: outcome.message,
      problems: outcome.details.map((d) => locate(batch.events, 0, d)),
      storedLines: [...new Set(events.map((e) => e.line))].filter((line) => !missing.has(line)),
      notStoredLines: [...missing],
    };
  };
  for (const [i, batch] of batches.entries()) {
    const outcome = await io.send(batch.events.map((e) => e.event), batch);
    if (!outcome.stored) return failed(i, batches.length, batch, outcome, events.map((e) => e.line).filter((line) => !storedLines.has(line)));
    const dupIds = new Set(outcome.duplicateIds);
    stored += batch.events.length - outcome.duplicateIds.length;
    duplicates.push(...batch.events.filter((e) => dupIds.has(e.event.id)));
    for (const e of batch.events) storedLines.add(e.line);
    sent += batch.events.length;
    io.progress?.({ sent, total: events.length, batch: i + 1, batches: batches.length, firstLine: batch.firstLine, lastLine: batch.lastLine });
  }
  let restored = 0;
  if (duplicates.length) {
    const held = await io.held();
    const stale = planBatches(superseded(duplicates, held).map((e) => reissued(e, held.seq)), MAX_BATCH);
    for (const [i, batch] of stale.entries()) {
      const outcome = await io.send(batch.events.map((e) => e.event), batch);
      // The file's value is not back in force for these lines and the ones after them.
      if (!outcome.stored) return failed(i, stale.length, batch, outcome, stale.slice(i).flatMap((b) => b.events.map((e) => e.line)));
      restored += batch.events.length - outcome.duplicateIds.length;
    }
  }
  return { state: 'done', stored: stored + restored, already: duplicates.length - restored, lines: new Set(events.map((e) => e.line)).size };
}
