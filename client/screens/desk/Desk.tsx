import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Catalog } from '@shared/catalog';
import { operatorUnit } from '@shared/operator';
import type { StateView } from '@shared/projection';
import { useSelector } from '../../data/hooks';
import type { LiveClient } from '../../data/LiveClient';
import type { StateSource } from '../../data/source';
import { langFor, type Lang } from '../../i18n/lang';
import { Select } from '../../ui/fields';
import { Message } from '../../ui/Message';
import { AcksPanel } from './AcksPanel';
import { AlertsPanel } from './AlertsPanel';
import type { DeskApi } from './deskApi';
import { NotesPanel } from './NotesPanel';
import { useWrite } from './useWrite';
import { WallsPanel } from './WallsPanel';
import { WebhooksPanel } from './WebhooksPanel';
import './desk.css';

const UNIT_KEY = 'ioc.desk.unit';

/** The operator's desk: alerts as a workflow, notes and marks, steering the walls, webhook deliveries; all live. */
export function Desk({ client, source, api, langCode }: { client: LiveClient; source: StateSource; api: DeskApi; langCode: string | null }) {
  const ready = useSelector(source, isReady);
  const catalog = useSyncExternalStore(source.subscribe, () => source.getView().catalog);
  const status = useSyncExternalStore(client.subscribe, () => client.getView().status);
  const lang = useMemo(() => (catalog ? langFor(catalog, langCode) : null), [catalog, langCode]);
  if (!ready || !lang) return <Message text={lang?.t.connecting ?? '…'} />;
  return <DeskBody source={source} lang={lang} client={client} api={api} live={status === 'live'} />;
}

const isReady = () => true;
const lastMarkOf = (s: StateView) => s.briefings.at(-1) ?? null;
const webhooksOf = (s: StateView) => s.webhooks;
const ackersOf = (s: StateView) => [...new Set(Object.values(s.acks).map((a) => a.by))].sort();

// Each panel selects its own part of the state: a change elsewhere does not draw it again.
function DeskBody({ source, lang, client, api, live }: { source: StateSource; lang: Lang; client: LiveClient; api: DeskApi; live: boolean }) {
  const { t, names, catalog } = lang;
  const [unit, setUnit] = useDeskUnit(catalog);
  const operators = useOperators(api, useSelector(source, ackersOf) ?? []);
  const lastMark = useSelector(source, lastMarkOf);
  const webhooks = useSelector(source, webhooksOf);
  const [ackState, writeAck] = useWrite(api, unit, client.now, lang);
  const [steerState, writeSteer] = useWrite(api, unit, client.now, lang);
  const [noteState, writeNote] = useWrite(api, unit, client.now, lang);
  const [markState, writeMark] = useWrite(api, unit, client.now, lang);
  const units = useMemo(() => catalog.config.units.map((u) => ({ value: u.id, text: names.unit(u.id) })), [catalog, names]);
  return (
    <div className="desk" data-testid="desk" lang={lang.code}>
      <header className="desk-header">
        <h1>{t.desk_title}</h1>
        <span className="desk-province">{names.province()}</span>
        <span className={`desk-status ${live ? 'live' : 'down'}`} data-testid="desk-status">
          {live ? t.desk_live : t.desk_offline}
        </span>
        <div className="desk-unit">
          <Select label={t.desk_writeAs} options={units} value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="desk-unit" />
        </div>
      </header>
      <main className="desk-grid">
        <div className="desk-column">
          <AlertsPanel source={source} lang={lang} operators={operators} writeState={ackState} write={writeAck} />
        </div>
        <div className="desk-column">
          <WallsPanel api={api} lang={lang} writeState={steerState} write={writeSteer} />
          <AcksPanel source={source} lang={lang} operators={operators} />
        </div>
        <div className="desk-column">
          <NotesPanel lastMark={lastMark} lang={lang} noteState={noteState} writeNote={writeNote} markState={markState} writeMark={writeMark} />
          <WebhooksPanel api={api} ledger={webhooks ?? undefined} lang={lang} />
        </div>
      </main>
    </div>
  );
}

/** The unit the desk writes as: the one chosen here before, else as `operatorUnit` decides. */
function useDeskUnit(catalog: Catalog): [string, (unit: string) => void] {
  const [unit, setUnit] = useState(() => {
    return operatorUnit(catalog.config, localStorage.getItem(UNIT_KEY));
  });
  return [
    unit,
    (next: string) => {
      localStorage.setItem(UNIT_KEY, next);
      setUnit(next);
    },
  ];
}

/** Operators' labels by token id; asked for again when an acknowledgement names a token not known yet. */
function useOperators(api: DeskApi, ackers: string[]): Map<string, string> {
  const [operators, setOperators] = useState<Map<string, string>>(new Map());
  // The ids not named yet, as one string: the effect runs again only when that set changes.
  const missing = ackers.filter((id) => !operators.has(id)).join(',');
  useEffect(() => {
    let stopped = false;
    api.operators().then(
      (found) => !stopped && setOperators(found),
      () => undefined,
    );
    return () => {
      stopped = true;
    };
  }, [api, missing]);
  return operators;
}
