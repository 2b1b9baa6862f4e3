import type { BriefingMark } from '@shared/projection';

/**
 * The baseline the shown state is compared with: the mark with `wanted` as its seq (or, for a
 * seq that is no mark, that seq itself), else the latest mark before the shown state's seq.
 */
export function chooseBaseline(marks: readonly BriefingMark[], shownSeq: number, wanted: number | null): { seq: number; mark: BriefingMark | null } | null {
  if (wanted !== null) return { seq: wanted, mark: marks.find((m) => m.seq === wanted) ?? null };
  let previous: BriefingMark | null = null;
  for (const m of marks) if (m.seq < shownSeq && (previous === null || m.seq > previous.seq)) previous = m;
  return previous ? { seq: previous.seq, mark: previous } : null;
}
