import type { LateEntry, LateUnit } from '@shared/briefing';
import { localized } from '@shared/catalog';
import type { Forecast } from '@shared/forecast';
import { fill } from '../../../i18n';
import type { Lang } from '../../../i18n/lang';
import { timeAndDate } from '../../../ui/format';
import { dayDate } from '../format';

function forecastText(f: Forecast, lang: Lang): string {
  const { t } = lang;
  if (f.kind === 'done') return '';
  if (f.kind === 'unknown') return f.reason === 'few_reports' ? t.b_forecastFew : t.b_forecastStalled;
  if (f.kind === 'stalled') return t.b_forecastStalledMiss;
  return fill(t.b_forecastDate, { date: dayDate(f.day, lang) });
}

function Entry({ e, lang }: { e: LateEntry; lang: Lang }) {
  const { t, names } = lang;
  const flag = e.overdue ? { kind: 'bad', text: fill(t.b_daysLate, { n: e.daysLate }) } : e.willMiss ? { kind: 'miss', text: t.b_willMiss } : { kind: 'warn', text: t.atRisk };
  return (
    <li className="b-late-item" data-item={e.id} data-late={e.overdue ? 'overdue' : e.willMiss ? 'will-miss' : 'at-risk'}>
      <span className={`flag ${flag.kind}`}>{flag.text}</span>
      <span className="b-late-title">
        {e.isNew && <span className="b-new">{t.b_new}</span>}
        {names.item(e.id)}
      </span>
      <span className="b-late-due">{fill(t.due, { date: dayDate(e.due, lang) })}</span>
      <span className="b-late-percent">{Math.round(e.percent)}%</span>
      <span className="b-late-detail">
        {e.lastReportAt === null ? t.b_noReport : fill(t.b_lastReport, { time: timeAndDate(Date.parse(e.lastReportAt), lang) })}
        {e.note ? ` · “${e.note}”` : ''}
      </span>
      <span className={`b-late-forecast ${e.willMiss ? 'miss' : ''}`} data-testid="forecast">
        {forecastText(e.forecast, lang)}
      </span>
    </li>
  );
}

/** "Clear people, clear tasks, clear time, clear responsibility": late items by lead unit and official. */
export function LateSlide({ units, lang, part, parts, forecastReports }: { units: LateUnit[]; lang: Lang; part: number; parts: number; forecastReports: number }) {
  const { t, names, catalog } = lang;
  const fallback = catalog.config.defaultLocale;
  return (
    <div className="b-late">
      {parts > 1 && <div className="b-part">{fill(t.b_part, { n: part + 1, total: parts })}</div>}
      {units.length === 0 ? (
        <div className="calm">{t.noLateItems}</div>
      ) : (
        <ul className="b-late-units">
          {units.map((u) => (
            <li key={u.unit} data-unit={u.unit}>
              <div className="b-late-unit">
                {names.unit(u.unit)}
                <span className="b-muted">{fill(t.b_unitLate, { overdue: u.overdue, items: u.items })}</span>
              </div>
              {u.officials.map((o) => (
                <div key={o.official ? JSON.stringify(o.official) : ''} className="b-late-official">
                  <div className="b-official">{o.official ? localized(o.official, lang.code, fallback) : t.b_noOfficial}</div>
                  <ul>
                    {o.items.map((e) => (
                      <Entry key={e.id} e={e} lang={lang} />
                    ))}
                  </ul>
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
      <div className="b-method">{fill(t.b_forecastMethod, { n: forecastReports })}</div>
    </div>
  );
}
