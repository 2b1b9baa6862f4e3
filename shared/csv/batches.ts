import { z } from 'zod';
import { ItemStatusSchema } from '../config';
import type { ItemProgress } from '../projection';
import { digest } from './digest';
import type { CsvEvent } from './rows';

export interface CsvBatch {
  events: CsvEvent[];
  /** The file's lines whose events are all in this batch. */
  firstLine: number;
  lastLine: number;
}

/**
 * Splits an import into batches of at most `max` events, never splitting one line's events, so
 * that "batches 1 to k were stored" says exactly which lines were.
 */
export function planBatches(events: CsvEvent[], max: number): CsvBatch[] {
  const batches: CsvBatch[] = [];
  let current: CsvEvent[] = [];
  const close = () => {
    if (current.length) batches.push({ events: current, firstLine: current[0]!.line, lastLine: current.at(-1)!.line });
    current = [];
  };
  for (let i = 0; i < events.length; ) {
    let j = i;
    while (j < events.length && events[j]!.line === events[i]!.line) j += 1;
    const row = events.slice(i, j);
    if (current.length + row.length > max) close();
    current.push(...row);
    i = j;
  }
  close();
  return batches;
}

/** Compact line ranges, e.g. "2–501, 640". */
export function lineRanges(lines: number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** What the log holds now, as far as an import's rows go. */
export interface HeldState {
  counters: Record<string, Record<string, Record<string, number>>>;
  gauges: Record<string, Record<string, { value: number; at: string }>>;
  items: Record<string, Pick<ItemProgress, 'status' | 'percent' | 'note'>>;
}

/** `GET /api/v1/state`'s answer, read for what an import may restore (the rest of the state is left unchecked). */
export const HeldAnswerSchema = z.object({
  seq: z.int().min(0),
  state: z.looseObject({
    counters: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.number()))),
    gauges: z.record(z.string(), z.record(z.string(), z.object({ value: z.number(), at: z.string() }))),
    items: z.record(z.string(), z.looseObject({ status: ItemStatusSchema, percent: z.number(), note: z.string().optional() })),
  }),
});

/**
 * Rows answered as duplicates whose value the state no longer shows: the same value was stored
 * once, then replaced by another report, and the file now restores it. Each needs a new id
 * (see `reissued`), or the wall would keep the later value.
 */
export function superseded(duplicates: CsvEvent[], held: HeldState): CsvEvent[] {
  return duplicates.filter(({ event: e }) => {
    if (e.type === 'indicator.reported') {
      const scope = e.scope ?? e.unit;
      const counted = held.counters[e.indicator]?.[scope]?.[e.period];
      if (counted !== undefined) return counted !== e.value;
      // A gauge keeps its latest value: a later one reported for the same moment replaced this one.
      const gauge = held.gauges[e.indicator]?.[scope];
      return gauge !== undefined && Date.parse(gauge.at) === Date.parse(e.at) && gauge.value !== e.value;
    }
    if (e.type === 'progress.reported') {
      const now = held.items[e.item];
      return now !== undefined && (now.status !== e.status || (e.percent !== undefined && now.percent !== e.percent) || (e.note !== undefined && now.note !== e.note));
    }
    return false;
  });
}

/** The same report under a new id, tied to the log position it restores after. */
export function reissued(e: CsvEvent, seq: number): CsvEvent {
  return { ...e, event: { ...e.event, id: `csv:${digest(`${e.event.id}|${seq}`)}:r${seq}` } };
}
