import { timeAndDate } from '../../ui/format';
import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry } from '@shared/admin';
import { isWrite } from '@shared/events';
import { describeEvent } from '../../panels/describe';
import type { Lang } from '../../i18n/lang';
import type { UnitApi } from '../../data/unitApi';
import { Button } from '../../ui/fields';
import { TableHead } from '../../ui/TableHead';

/** The unit's own events, newest first: seq, when stored, who wrote it, what. Reloaded when `changed` moves. */
export function History({ lang, api, changed }: { lang: Lang; api: UnitApi; changed: number }) {
  const { t } = lang;
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState(false);
  const load = useCallback(
    (before?: number) => {
      api.history(before, 30).then(
        (page) => {
          setEntries((old) => (before === undefined ? page.entries : [...old, ...page.entries]));
          setNext(page.next);
          setError(false);
        },
        () => setError(true),
      );
    },
    [api],
  );
  useEffect(() => load(), [load, changed]);
  const when = (iso: string) => timeAndDate(iso, lang);
  return (
    <div data-testid="history">
      {error && <p className="outcome bad">{t.c_historyError}</p>}
      <table className="console-table">
        <TableHead columns={['#', t.c_when, t.c_who, t.c_what]} />
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-seq={e.seq}>
              <td className="num">{e.seq}</td>
              <td>{when(e.receivedAt)}</td>
              <td>{e.who.label ?? e.who.tokenId}</td>
              <td>{isWrite(e.event) ? describeEvent(e.event, lang) : e.event.type}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!entries.length && !error && <p className="muted">{t.c_noHistory}</p>}
      {next !== null && <Button onClick={() => load(next)}>{t.c_older}</Button>}
    </div>
  );
}
