import type { ReactNode } from 'react';

/** A table's header row: one cell per column title (an empty title for a column of buttons). */
export function TableHead({ columns }: { columns: ReactNode[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          <th key={i}>{c}</th>
        ))}
      </tr>
    </thead>
  );
}
