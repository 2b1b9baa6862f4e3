import type { SinceBaseline } from '@shared/briefing';
import { fill } from '../../../i18n';
import type { Lang } from '../../../i18n/lang';
import { timeAndDate } from '../../../ui/format';

const NOTES_SHOWN = 12;
const ACKS_SHOWN = 12;

/** What an alert id names, in words: "Kỳ Sơn không báo cáo". */
function alertText(id: string, lang: Lang): string {
  const { t, names } = lang;
  const [kind, subject = ''] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
  if (kind === 'overdue') return fill(t.alert_overdue, { subject: names.item(subject) });
  if (kind === 'indicator') return fill(t.alert_indicator_bad, { subject: names.indicator(subject) });
  if (kind === 'silent') return fill(t.alert_unit_silent, { subject: names.unit(subject) });
  // A data-quality flag names its unit first: `quality:<unit>:<detail>`.
  if (kind === 'quality') return fill(t.alert_data_quality, { subject: names.unit(subject.split(':')[0] ?? subject) });
  return id;
}

/** Notes posted and alerts acknowledged since the baseline, newest first. */
export function NotesSlide({ since, lang }: { since: SinceBaseline; lang: Lang }) {
  const { t, names } = lang;
  return (
    <div className="b-columns two">
      <div data-testid="notes-since">
        <h2>{`${t.b_notes} (${since.notes.length}${since.notesTruncated ? '+' : ''})`}</h2>
        {since.notes.length === 0 ? (
          <div className="b-none">{t.b_none}</div>
        ) : (
          <ul className="b-list">
            {since.notes.slice(0, NOTES_SHOWN).map((n) => (
              <li key={n.seq} className={`b-note ${n.severity}`} data-seq={n.seq}>
                <span className="b-muted">{`${timeAndDate(Date.parse(n.at), lang)} · ${names.unitShort(n.unit)}`}</span>
                <span className="b-note-text">{n.text}</span>
              </li>
            ))}
          </ul>
        )}
        {since.notes.length > NOTES_SHOWN && <div className="more">+{since.notes.length - NOTES_SHOWN}</div>}
      </div>
      <div data-testid="acks-since">
        <h2>{`${t.b_acks} (${since.acks.length})`}</h2>
        {since.acks.length === 0 ? (
          <div className="b-none">{t.b_none}</div>
        ) : (
          <ul className="b-list">
            {since.acks.slice(0, ACKS_SHOWN).map((a) => (
              <li key={a.alert} data-alert={a.alert}>
                <span className="b-muted">{timeAndDate(Date.parse(a.at), lang)}</span>
                <span className="b-note-text">{alertText(a.alert, lang) + (a.note ? ` — ${a.note}` : '')}</span>
              </li>
            ))}
          </ul>
        )}
        {since.acks.length > ACKS_SHOWN && <div className="more">+{since.acks.length - ACKS_SHOWN}</div>}
      </div>
    </div>
  );
}
