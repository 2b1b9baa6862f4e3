import type { SilentUnit } from '@shared/briefing';
import type { Lang } from '../../../i18n/lang';
import { duration, timeAndDate } from '../../../ui/format';

/** Units that have not reported within their cadence, the longest silence first. */
export function SilentSlide({ units, lang }: { units: SilentUnit[]; lang: Lang }) {
  const { t, names } = lang;
  if (units.length === 0) return <div className="calm">{t.b_allReporting}</div>;
  return (
    <table className="b-table b-silent">
      <thead>
        <tr>
          <th className="b-wide">{t.b_unit}</th>
          <th>{t.b_lastReportHead}</th>
          <th>{t.b_silentFor}</th>
        </tr>
      </thead>
      <tbody>
        {units.map((u) => (
          <tr key={u.unit} data-unit={u.unit}>
            <td className="b-wide">
              {u.isNew && <span className="b-new">{t.b_new}</span>}
              {names.unit(u.unit)}
            </td>
            <td>{u.lastReportAt === null ? t.b_never : timeAndDate(Date.parse(u.lastReportAt), lang)}</td>
            <td className="b-num b-silent-for">{duration(u.silentForHours, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
