import { memo, useState } from 'react';
import type { AlertKind } from '@shared/projection';
import { deskAlerts, type AlertFilter, type DeskAlert, type StateView } from '@shared/projection';
import { formatDate, formatTime } from '@shared/format';
import { fill } from '../../i18n';
import type { Lang } from '../../i18n/lang';
import { describeAlert } from '../../panels/describe';
import { Button, Field, Select } from '../../ui/fields';
import { WriteResult } from './WriteResult';
import type { DeskEvent, WriteState } from './useWrite';

const KINDS: AlertKind[] = ['overdue', 'indicator_bad', 'unit_silent', 'data_quality'];
/** Rows drawn at most: the rest are counted, and the filters narrow them down. */
const MAX_ROWS = 200;

export interface AlertsPanelProps {
  state: StateView;
  lang: Lang;
  /** Token id -> label, to name who acknowledged. */
  operators: Map<string, string>;
  writeState: WriteState;
  write: (event: DeskEvent) => Promise<boolean>;
}

/** The active alerts, newest first, filtered by kind and unit; each acknowledged with a note, or showing who did and when. */
export const AlertsPanel = memo(function AlertsPanel({ state, lang, operators, writeState, write }: AlertsPanelProps) {
  const { t, names, catalog } = lang;
  const [filter, setFilter] = useState<AlertFilter>({ kind: null, unit: null });
  const [acking, setAcking] = useState<string | null>(null);
  const { alerts, total, open } = deskAlerts(catalog, state, filter);
  const kindOptions = [{ value: '', text: t.desk_allKinds }, ...KINDS.map((k) => ({ value: k, text: t[`kind_${k}`] }))];
  const unitOptions = [{ value: '', text: t.desk_allUnits }, ...catalog.config.units.map((u) => ({ value: u.id, text: names.unit(u.id) }))];
  return (
    <section className="desk-card desk-alerts" data-testid="desk-alerts">
      <h2>
        {t.desk_alerts} <span className="desk-count">{fill(t.desk_alertsCount, { shown: alerts.length, total, open })}</span>
      </h2>
      <div className="desk-filters">
        <Select label={t.desk_kind} options={kindOptions} value={filter.kind ?? ''} onChange={(e) => setFilter({ ...filter, kind: (e.target.value || null) as AlertKind | null })} data-testid="filter-kind" />
        <Select label={t.desk_unit} options={unitOptions} value={filter.unit ?? ''} onChange={(e) => setFilter({ ...filter, unit: e.target.value || null })} data-testid="filter-unit" />
      </div>
      <WriteResult state={writeState} />
      {alerts.length === 0 ? (
        <div className="desk-empty">{t.noAlerts}</div>
      ) : (
        <ul className="desk-list">
          {alerts.slice(0, MAX_ROWS).map((a) => (
            <AlertRow key={a.id} alert={a} lang={lang} operators={operators} acking={acking === a.id} onAck={() => setAcking(a.id)} onCancel={() => setAcking(null)} busy={writeState.busy} write={write} done={() => setAcking(null)} />
          ))}
        </ul>
      )}
      {alerts.length > MAX_ROWS && <div className="desk-more">+{alerts.length - MAX_ROWS}</div>}
    </section>
  );
});

interface RowProps {
  alert: DeskAlert;
  lang: Lang;
  operators: Map<string, string>;
  acking: boolean;
  busy: boolean;
  onAck: () => void;
  onCancel: () => void;
  done: () => void;
  write: (event: DeskEvent) => Promise<boolean>;
}

function AlertRow({ alert: a, lang, operators, acking, busy, onAck, onCancel, done, write }: RowProps) {
  const { t, names, timeZone } = lang;
  const [note, setNote] = useState('');
  const at = (iso: string) => `${formatTime(Date.parse(iso), t.locale, timeZone)} ${formatDate(Date.parse(iso), t.locale, timeZone)}`;
  const official = a.kind === 'overdue' ? names.official(a.subject) : '';
  const who = a.kind === 'overdue' && a.unit ? [fill(t.desk_leadOfficial, { lead: names.unit(a.unit) }), official].filter(Boolean).join(' · ') : a.unit ? names.unit(a.unit) : '';
  const submit = async () => {
    if (await write({ type: 'alert.acknowledged', alert: a.id, ...(note.trim() ? { note: note.trim() } : {}) })) done();
  };
  return (
    <li className={`desk-alert ${a.kind} ${a.acknowledged ? 'acked' : 'fresh'}`} data-alert={a.id} data-acknowledged={a.acknowledged}>
      <span className={`desk-kind ${a.kind}`}>{t[`kind_${a.kind}`]}</span>
      <div className="desk-alert-main">
        <div className="desk-alert-text">{describeAlert(a, lang)}</div>
        <div className="desk-alert-meta">
          {fill(t.since, { time: at(a.since) })}
          {who && ` · ${who}`}
        </div>
        {a.ack && (
          <div className="desk-alert-ack" data-testid="ack-info">
            ✓ {fill(t.desk_ackedBy, { who: `${operators.get(a.ack.by) ?? a.ack.by} (${names.unit(a.ack.unit)})`, time: at(a.ack.at) })}
            {a.ack.note && <span className="desk-note"> — {a.ack.note}</span>}
          </div>
        )}
        {acking && (
          <form
            className="desk-inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <Field label={t.desk_ackNote} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} autoFocus data-testid="ack-note" />
            <Button kind="primary" type="submit" disabled={busy} data-testid="ack-confirm">
              {t.desk_ack}
            </Button>
            <Button onClick={onCancel}>{t.desk_cancel}</Button>
          </form>
        )}
      </div>
      {!a.acknowledged && !acking && (
        <div className="desk-alert-actions">
          <span className="desk-new">{t.desk_new}</span>
          <Button onClick={onAck} data-testid="ack">
            {t.desk_ack}
          </Button>
        </div>
      )}
    </li>
  );
}
