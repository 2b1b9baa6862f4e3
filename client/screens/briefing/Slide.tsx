import type { ReactNode } from 'react';
import type { Slide as SlideName } from '@shared/briefing/config';
import { fill } from '../../i18n';
import type { Lang } from '../../i18n/lang';

/** One slide: its title, its body, and the stamp and page number every printed page carries. */
export function Slide({ name, lang, index, total, stamp, current, children }: { name: SlideName; lang: Lang; index: number; total: number; stamp: string; current: boolean; children: ReactNode }) {
  const { t, names } = lang;
  return (
    <section className={`slide ${current ? 'current' : ''}`} data-slide={name} aria-hidden={current ? undefined : true}>
      <header className="slide-head">
        <div className="slide-kicker">
          {names.province()} · {t.b_title}
        </div>
        <h1>{t[`b_slide_${name}`]}</h1>
      </header>
      <div className={`slide-body ${name}`}>{children}</div>
      <footer className="slide-foot">
        <span className="stamp" data-testid="page-stamp">
          {stamp}
        </span>
        <span className="page-number">{fill(t.b_page, { n: index + 1, total })}</span>
      </footer>
    </section>
  );
}
