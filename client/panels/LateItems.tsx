import { memo } from 'react';
import { formatDate } from '@shared/format';
import type { LateItem } from '@shared/projection';
import { startOfLocalDay } from '@shared/time';
import { fill } from '../i18n';
import type { Lang } from '../i18n/lang';
import { Panel } from '../ui/Panel';
import './panels.css';

/** Overdue, then at-risk (or forecast to miss their due day), tasks and models, each with its lead unit and responsible official (from `lateItems`). */
export const LateItems = memo(function LateItems({ items, limit, lang }: { items: LateItem[]; limit: number; lang: Lang }) {
  const { t, names, timeZone } = lang;
  return (
    <Panel title={`${t.lateItems} (${items.length})`} className="late-items" testId="late-items">
      {items.length === 0 ? (
        <div className="calm">{t.noLateItems}</div>
      ) : (
        <ul>
          {items.slice(0, limit).map((item) => (
            <li key={item.id} data-item={item.id} className={item.overdue ? 'overdue' : item.willMiss ? 'will-miss' : 'at-risk'}>
              <span className={`flag ${item.overdue ? 'bad' : item.willMiss ? 'miss' : 'warn'}`}>{item.overdue ? t.overdue : item.willMiss ? t.willMiss : t.atRisk}</span>
              <span className="late-title" title={names.item(item.id)}>
                {names.item(item.id)}
              </span>
              <span className="late-who" title={`${names.unit(item.lead)}${names.official(item.id) ? ` · ${names.official(item.id)}` : ''}`}>
                {`${t.lead}: ${names.unit(item.lead)}`}
                {names.official(item.id) ? ` · ${names.official(item.id)}` : ''}
              </span>
              {/* Noon of the due day: the date shown is that day in the province whatever the offset. */}
              <span className="late-due">{fill(t.due, { date: formatDate(startOfLocalDay(item.due, timeZone) + 43_200_000, t.locale, timeZone) })}</span>
              <span className="late-percent">{Math.round(item.percent)}%</span>
            </li>
          ))}
        </ul>
      )}
      {items.length > limit && <div className="more">+{items.length - limit}</div>}
    </Panel>
  );
});
