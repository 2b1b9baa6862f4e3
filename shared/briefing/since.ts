import type { Note, StateView } from '../projection';

export interface AckSince {
  alert: string;
  at: string;
  unit: string;
  note: string | null;
}

export interface SinceBaseline {
  /** Notes posted after the baseline, newest first (the projection keeps the latest 50). */
  notes: Note[];
  /** Alerts acknowledged after the baseline, newest first. */
  acks: AckSince[];
  /** True when older notes after the baseline may have dropped out of the projection's list. */
  notesTruncated: boolean;
}

/** Notes and acknowledgements since the baseline state (all of them without a baseline). */
export function sinceBaseline(before: StateView | null, after: StateView, maxNotes: number): SinceBaseline {
  const fromSeq = before?.seq ?? 0;
  const fromTime = before?.asOf ?? '';
  const notes = after.notes.filter((n) => n.seq > fromSeq).reverse();
  const acks = Object.entries(after.acks)
    .filter(([, a]) => a.at > fromTime)
    .map(([alert, a]) => ({ alert, at: a.at, unit: a.unit, note: a.note ?? null }))
    .sort((a, b) => b.at.localeCompare(a.at) || a.alert.localeCompare(b.alert));
  const oldest = after.notes[0];
  return { notes, acks, notesTruncated: after.notes.length >= maxNotes && oldest !== undefined && oldest.seq > fromSeq };
}
