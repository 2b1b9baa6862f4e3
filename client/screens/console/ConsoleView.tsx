import { useState, useSyncExternalStore } from 'react';
import type { Me } from '@shared/admin';
import type { HeldState } from '@shared/csv/batches';
import { itemsLedBy, reportGaps } from '@shared/projection/selectors-unit';
import type { LiveClient } from '../../data/LiveClient';
import type { ConnectionStatus } from '../../data/liveView';
import type { LiveSource } from '../../data/LiveSource';
import { useStateView } from '../../data/hooks';
import type { UnitApi } from '../../data/unitApi';
import { fill } from '../../i18n';
import { langFor } from '../../i18n/lang';
import { Button } from '../../ui/fields';
import { CsvPanel } from './CsvPanel';
import { CountsForm, NoteForm, ProgressForm } from './forms';
import { History } from './History';
import type { Outbox } from './outbox';
import { Gaps, OwnItems } from './OwnView';
import { retryReason } from './submit';

export interface ConsoleParts {
  api: UnitApi;
  client: LiveClient;
  source: LiveSource;
  outbox: Outbox;
}

/** The console of one unit: what it owns and must report, its forms, CSV import, queue and history. */
export function ConsoleView({ lang: code, me, unit, parts, status, itemParam }: { lang: string; me: Me; unit: string; parts: ConsoleParts; status: ConnectionStatus; itemParam: string | null }) {
  const { client, source, outbox, api } = parts;
  const state = useStateView(source);
  const waiting = useSyncExternalStore(outbox.subscribe, outbox.entries);
  const [item, setItem] = useState<string | null>(itemParam);
  const [formKey, setFormKey] = useState(0);
  const catalog = client.getView().catalog;
  if (!state || !catalog) return null;
  const lang = langFor(catalog, code);
  const { t, names } = lang;
  const now = client.now();
  const items = itemsLedBy(state, unit, now, lang.timeZone);
  const gaps = reportGaps(catalog, state, unit, now);
  const unitView = state.units[unit];
  const held = (): HeldState & { seq: number } => {
    const p = client.getView().projection;
    return { counters: p?.counters ?? {}, gauges: p?.gauges ?? {}, items: p?.items ?? {}, seq: p?.seq ?? 0 };
  };
  const pick = (id: string) => {
    setItem(id);
    setFormKey((k) => k + 1);
    document.getElementById('progress')?.scrollIntoView({ behavior: 'smooth' });
  };
  const formProps = { lang, unit, outbox, now: () => client.now() };
  const lastOwn = state.recent.filter((e) => e.unit === unit).at(-1)?.seq ?? 0;

  return (
    <div className="console-page" data-testid="console">
      <header className="console-header">
        <div>
          <h1>{names.unit(unit)}</h1>
          <div className="muted">{fill(t.c_signedIn, { label: me.label })}</div>
        </div>
        <div className="console-status">
          <span className={`chip ${status === 'live' ? 'ok' : 'bad'}`} data-testid="connection">
            {status === 'live' ? t.c_online : t.c_offlineChip}
          </span>
          <span className={`chip ${waiting.length ? 'warn' : ''}`} data-testid="waiting-count">
            {fill(t.c_waiting, { n: waiting.length })}
          </span>
        </div>
      </header>
      {waiting.length > 0 && (
        <section className="console-card" data-testid="outbox">
          <h2>{t.c_outboxTitle}</h2>
          <ul className="plain">
            {waiting.map((e) => (
              <li key={e.key}>
                {e.label}
                {e.lastFailure?.kind === 'retry' ? ` — ${retryReason(t, e.lastFailure)}` : ''}
              </li>
            ))}
          </ul>
          <Button onClick={() => void outbox.flush()}>{t.c_retryNow}</Button>
        </section>
      )}
      <div className="console-grid">
        <section className="console-card">
          <h2>{t.c_itemsTitle}</h2>
          <OwnItems lang={lang} items={items} onPick={pick} />
        </section>
        <section className="console-card">
          <h2>{t.c_reportsTitle}</h2>
          <Gaps lang={lang} gaps={gaps} lastReportAt={unitView?.lastReportAt ?? null} silent={unitView?.silent ?? false} />
        </section>
        <section className="console-card first-on-phone">
          <CountsForm {...formProps} state={state} />
        </section>
        <section className="console-card" id="progress">
          <ProgressForm key={formKey} {...formProps} items={items} initialItem={item} />
        </section>
        <section className="console-card">
          <NoteForm {...formProps} />
        </section>
        <section className="console-card">
          <h2>{t.c_csvTitle}</h2>
          <CsvPanel lang={lang} unit={unit} outbox={outbox} held={held} />
        </section>
      </div>
      <section className="console-card">
        <h2>{t.c_historyTitle}</h2>
        <History lang={lang} api={api} changed={lastOwn} />
      </section>
    </div>
  );
}
