import type { ReactNode } from 'react';

export function Panel({ title, children, className = '', testId }: { title: string; children: ReactNode; className?: string; testId?: string }) {
  return (
    <section className={`panel ${className}`} data-testid={testId}>
      <h2>{title}</h2>
      <div className="panel-body">{children}</div>
    </section>
  );
}

export function NoData({ text }: { text: string }) {
  return <div className="no-data">{text}</div>;
}
