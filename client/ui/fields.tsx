import { useId, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

// The form kit the console and admin screens build on: a label, a control, a problem in plain words.

/** A labelled input with an optional hint and error message (shown under it, read by screen readers). */
export function Field({ label, hint, error, ...input }: { label: string; hint?: string; error?: string | null } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className={`field ${error ? 'invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={error || hint ? `${id}-note` : undefined} {...input} />
      {(error || hint) && (
        <div id={`${id}-note`} className={error ? 'field-error' : 'field-hint'}>
          {error ?? hint}
        </div>
      )}
    </div>
  );
}

/** A labelled select over `options` (value and text). */
export function Select({ label, options, error, ...select }: { label: string; options: { value: string; text: string }[]; error?: string | null } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className={`field ${error ? 'invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
      {error && <div className="field-error">{error}</div>}
    </div>
  );
}

/** A button; `kind` picks its weight (the one primary action of a form, others secondary, `danger` for what cannot be undone). */
export function Button({ kind = 'secondary', children, ...button }: { kind?: 'primary' | 'secondary' | 'danger'; children: ReactNode } & ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button type="button" className={`button ${kind}`} {...button}>
      {children}
    </button>
  );
}
