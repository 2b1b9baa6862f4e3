import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry } from '@shared/admin';
import { EVENT_TYPES, isWrite, SYSTEM_EVENT_TYPES, type EventType, type StoredEvent, type SystemEventType } from '@shared/events';
import type { TokenInfo } from '@shared/api';
import type { AdminApi, AuditFilter } from '../../data/adminApi';
import { fill } from '../../i18n';
import { failureText } from '../../i18n/problems';
import type { Lang } from '../../i18n/lang';
import { describeEvent } from '../../panels/describe';
import { Button, Field, Select } from '../../ui/fields';
import { when } from './Tokens';
import { TableHead } from '../../ui/TableHead';

/** A datetime-local value as an ISO time with the browser's offset, as the API wants it. */
function isoOf(local: string): string | undefined {
  return local ? new Date(local).toISOString() : undefined;
}

/** An event type's name in the reader's language (the type itself is the filter's value). */
const typeName = (lang: Lang, type: EventType | SystemEventType): string => lang.t[`ev_${type.replace('.', '_') as ReplaceDot<typeof type>}`];
type ReplaceDot<S extends string> = S extends `${infer A}.${infer B}` ? `${A}_${B}` : S;

function what(lang: Lang, entry: AuditEntry): string {
  const { t, names } = lang;
  const e: StoredEvent = entry.event;
  if (isWrite(e)) return describeEvent(e, lang);
  if (e.type === 'token.issued') return fill(t.a_evIssued, { label: e.label, role: t[`a_role_${e.role}`], unit: e.tokenUnit ? ` (${names.unit(e.tokenUnit)})` : '' });
  if (e.type === 'token.revoked') return fill(t.a_evRevoked, { token: entry.subject?.label ? `“${entry.subject.label}”` : e.tokenId });
  if (e.type === 'log.damaged') return fill(t.a_evDamaged, { reason: e.reason, file: e.quarantine });
  return typeName(lang, e.type);
}

/** Every write and token change, newest first, with who and when; filters by unit, token, type and time. */
export function Audit({ lang, api, tokens, refresh }: { lang: Lang; api: AdminApi; tokens: TokenInfo[]; refresh: number }) {
  const { t, names, catalog } = lang;
  const [filter, setFilter] = useState<{ unit: string; token: string; type: string; from: string; to: string }>({ unit: '', token: '', type: '', from: '', to: '' });
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = useCallback((): AuditFilter => ({ unit: filter.unit, token: filter.token.trim(), type: filter.type, from: isoOf(filter.from), to: isoOf(filter.to) }), [filter]);
  const load = useCallback(
    (before?: number) =>
      api.audit(query(), before).then(
        (page) => {
          setEntries((old) => (before === undefined ? page.entries : [...old, ...page.entries]));
          setNext(page.next);
          setError(null);
        },
        (err: unknown) => setError(failureText(t, err, names)),
      ),
    [api, query, t, names],
  );
  useEffect(() => void load(), [load, refresh]);
  const set = (k: keyof typeof filter) => (e: { target: { value: string } }) => setFilter({ ...filter, [k]: e.target.value });

  return (
    <div data-testid="audit">
      <div className="audit-filters">
        <Select label={t.c_scope} value={filter.unit} onChange={set('unit')} options={[{ value: '', text: t.a_all }, ...catalog.config.units.map((u) => ({ value: u.id, text: names.unit(u.id) }))]} />
        <Select label={t.a_token} value={filter.token} onChange={set('token')} options={[{ value: '', text: t.a_all }, ...tokens.map((tk) => ({ value: tk.id, text: tk.label }))]} />
        <Select label={t.a_type} value={filter.type} onChange={set('type')} options={[{ value: '', text: t.a_all }, ...[...EVENT_TYPES, ...SYSTEM_EVENT_TYPES].map((ty) => ({ value: ty, text: typeName(lang, ty) }))]} data-testid="audit-type" />
        <Field label={t.a_from} type="datetime-local" value={filter.from} onChange={set('from')} />
        <Field label={t.a_to} type="datetime-local" value={filter.to} onChange={set('to')} />
      </div>
      {error && <p className="outcome bad">{error}</p>}
      <table className="console-table" data-testid="audit-table">
        <TableHead columns={['#', t.c_when, t.c_who, t.a_type, t.c_what]} />
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-seq={e.seq} data-type={e.event.type}>
              <td className="num">{e.seq}</td>
              <td>{when(lang, e.receivedAt)}</td>
              <td>
                {e.who.label ?? e.who.tokenId}
                {e.who.revoked ? ` (${t.a_revokedMark})` : ''}
              </td>
              <td>{typeName(lang, e.event.type)}</td>
              <td>{what(lang, e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!entries.length && !error && <p className="muted">{t.a_noEntries}</p>}
      {next !== null && (
        <Button onClick={() => void load(next)} data-testid="audit-older">
          {t.c_older}
        </Button>
      )}
    </div>
  );
}
