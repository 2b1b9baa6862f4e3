import type { ReactNode } from 'react';

/** A titled box on the design canvas; its body never scrolls, its content is sized to fit. */
export function Panel({ title, children, className = '', testId }: { title: string; children: ReactNode; className?: string; testId?: string }) {
  return (
    <section className={`panel ${className}`} data-testid={testId}>
      <h2>{title}</h2>
      <div className="panel-body">{children}</div>
    </section>
  );
}

/** Said instead of a zero when there is nothing to show. */
export function NoData({ text }: { text: string }) {
  return <div className="no-data">{text}</div>;
}
