import type { ItemMove, ModelsSummary } from '@shared/briefing';
import { ITEM_STATUSES } from '@shared/projection';
import type { Lang } from '../../../i18n/lang';
import { ITEM_COLOURS } from '../../../ui/theme';
import { signed } from '../format';

function Names({ ids, lang, testId }: { ids: string[]; lang: Lang; testId: string }) {
  if (!ids.length) return <div className="b-none">{lang.t.b_none}</div>;
  return (
    <ul className="b-names" data-testid={testId}>
      {ids.map((id) => (
        <li key={id} data-item={id}>
          {lang.names.item(id)}
        </li>
      ))}
    </ul>
  );
}

function Accelerate({ rows, lang }: { rows: ItemMove[]; lang: Lang }) {
  const { t, names, catalog } = lang;
  return (
    <table className="b-table" data-testid="accelerate">
      <tbody>
        {rows.map((m) => (
          <tr key={m.id} data-item={m.id} className={m.overdue ? 'overdue' : m.atRisk ? 'at-risk' : ''}>
            <td className="b-wide">{names.item(m.id)}</td>
            <td className="b-muted">{names.unitShort(catalog.items.get(m.id)!.lead)}</td>
            <td>
              <span className="swatch" style={{ background: ITEM_COLOURS[m.status] }} />
              {t[`status_${m.status}`]}
            </td>
            <td className="b-num">{Math.round(m.percent)}%</td>
            <td className="b-num b-change">{m.change === null ? '' : signed(m.change, lang, 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The pilot models by status, with what moved since the baseline and the models to accelerate. */
export function ModelsSlide({ models, lang }: { models: ModelsSummary; lang: Lang }) {
  const { t } = lang;
  return (
    <div className="b-models">
      <div className="b-status-bar">
        {ITEM_STATUSES.map((s) => {
          const now = models.byStatus[s].length;
          const before = models.countsBefore?.[s];
          return (
            <div key={s} className="b-status" data-status={s} style={{ flexGrow: Math.max(now, 0.4), background: ITEM_COLOURS[s] }}>
              <span className="b-status-count">{now}</span>
              <span className="b-status-name">{t[`status_${s}`]}</span>
              {before !== undefined && <span className="b-status-change">{signed(now - before, lang, 0)}</span>}
            </div>
          );
        })}
      </div>
      <div className="b-columns three">
        <div>
          <h2>{t.b_movedToDone}</h2>
          <Names ids={models.movedToDone} lang={lang} testId="moved-to-done" />
        </div>
        <div>
          <h2>{t.b_newBlockers}</h2>
          <Names ids={models.newBlockers} lang={lang} testId="new-blockers" />
        </div>
        <div>
          <h2>{t.b_unblocked}</h2>
          <Names ids={models.unblocked} lang={lang} testId="unblocked" />
        </div>
      </div>
      <h2>{`${t.b_accelerate} (${models.accelerate.length})`}</h2>
      <Accelerate rows={models.accelerate} lang={lang} />
    </div>
  );
}
