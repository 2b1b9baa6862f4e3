import type { ArchiveProblem } from '../store/archive-scan';
import type { LogProblem, ProblemKind } from '../store/log-scan';
import { count, say } from './common';

/** Problems listed one by one; the rest are counted by kind. */
export const LISTED = 20;

const LABELS: Record<ProblemKind, [string, string]> = {
  json: ['damaged line', 'damaged lines'],
  shape: ['damaged line', 'damaged lines'],
  seq: ['damaged line', 'damaged lines'],
  epoch: ['damaged line', 'damaged lines'],
  stray: ['stray line', 'stray lines'],
  duplicate: ['duplicate', 'duplicates'],
  gap: ['gap', 'gaps'],
  torn: ['torn last line', 'torn last lines'],
  header: ['damaged header', 'damaged headers'],
  order: ['seq out of order', 'seqs out of order'],
};

/** `3 problems (1 damaged line, 1 duplicate, 1 torn last line)`. */
export function summary(problems: LogProblem[]): string {
  const kinds = new Map<string, number>();
  for (const p of problems) {
    const [one] = LABELS[p.kind];
    kinds.set(one, (kinds.get(one) ?? 0) + 1);
  }
  const parts = [...kinds].map(([one, k]) => `${count(k)} ${k === 1 ? one : Object.values(LABELS).find(([o]) => o === one)![1]}`);
  return `${count(problems.length)} ${problems.length === 1 ? 'problem' : 'problems'} (${parts.join(', ')})`;
}

/** Where a problem is: `line 50,001 (seq 50,000)`, with the archived day's file first. */
export function where(p: LogProblem | ArchiveProblem): string {
  const file = 'file' in p ? `${p.file} ` : '';
  return `${file}line ${count(p.line)}${p.seq !== undefined ? ` (seq ${count(p.seq)})` : ''}`;
}

/** The first LISTED problems, one a line, then how many more. */
export function listProblems(problems: (LogProblem | ArchiveProblem)[]): void {
  for (const p of problems.slice(0, LISTED)) say(`${where(p)}: ${p.message}`);
  if (problems.length > LISTED) say(`... and ${count(problems.length - LISTED)} more`);
}
