import { timeAndDate } from '../../ui/format';
import { useEffect, useState } from 'react';
import { renderSVG } from 'uqr';
import { ROLES, type Role, type TokenInfo } from '@shared/api';
import type { AdminApi } from '../../data/adminApi';
import { ApiError } from '@shared/call';
import { fill } from '../../i18n';
import { detailText, failureText } from '../../i18n/problems';
import type { Lang } from '../../i18n/lang';
import { Button, Field, Select } from '../../ui/fields';
import { TableHead } from '../../ui/TableHead';

type Issued = TokenInfo & { token: string };

export const when = (lang: Lang, iso: string | null) => (iso ? timeAndDate(iso, lang) : '—');

/** The page each role opens, with the token in the fragment (never sent to a server log). */
function pageUrl(role: Role, token: string): string {
  const page = role === 'viewer' ? 'wall' : role === 'unit' ? 'console' : role === 'operator' ? 'briefing' : 'admin';
  return `${window.location.origin}/${page}#token=${token}`;
}

/** The token just issued: shown once, with a copy button, its page's address and, for a display, a QR code. */
function IssuedBox({ lang, issued }: { lang: Lang; issued: Issued }) {
  const { t } = lang;
  const url = pageUrl(issued.role, issued.token);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = (what: string, text: string) => void navigator.clipboard?.writeText(text).then(() => setCopied(what), () => setCopied(null));
  return (
    <div className="issued" data-testid="issued">
      <strong>{t.a_shownOnce}</strong>
      <div className="secret">
        <code data-testid="issued-token">{issued.token}</code>
        <Button onClick={() => copy('token', issued.token)}>{copied === 'token' ? t.a_copied : t.a_copy}</Button>
      </div>
      <div className="secret">
        <code data-testid="issued-url">{url}</code>
        <Button onClick={() => copy('url', url)}>{copied === 'url' ? t.a_copied : t.a_copy}</Button>
      </div>
      {issued.role === 'viewer' && (
        <figure className="qr">
          <img alt={t.a_qr} data-testid="issued-qr" src={`data:image/svg+xml;utf8,${encodeURIComponent(renderSVG(url, { border: 2, whiteColor: '#fff', blackColor: '#000' }))}`} />
          <figcaption>{t.a_qr}</figcaption>
        </figure>
      )}
    </div>
  );
}

/** Issue (role, unit, label), list (label, role, unit, created, last used) and revoke with a confirmation. */
export function Tokens({ lang, api, onChange }: { lang: Lang; api: AdminApi; onChange: () => void }) {
  const { t, names, catalog } = lang;
  const [list, setList] = useState<TokenInfo[]>([]);
  const [role, setRole] = useState<Role>('viewer');
  const [unit, setUnit] = useState(catalog.config.units[0]?.id ?? '');
  const [label, setLabel] = useState('');
  const [issued, setIssued] = useState<Issued | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState<string | null>(null);
  const reload = () => void api.tokens().then(setList, () => undefined);
  useEffect(reload, [api]);

  const issue = async () => {
    setErrors({});
    try {
      const answer = await api.issue({ role, label: label.trim(), ...(role === 'unit' ? { unit } : {}) });
      setIssued(answer);
      setLabel('');
      reload();
      onChange();
    } catch (err) {
      const details = err instanceof ApiError ? err.details : [];
      setErrors(details.length ? Object.fromEntries(details.map((d) => [d.path, detailText(t, d, names)])) : { general: failureText(t, err, names) });
    }
  };
  const revoke = async (id: string) => {
    await api.revoke(id).catch(() => undefined);
    setConfirming(null);
    reload();
    onChange();
  };

  return (
    <div data-testid="tokens">
      <form className="console-form admin-issue" onSubmit={(e) => (e.preventDefault(), void issue())}>
        <Select label={t.a_role} value={role} onChange={(e) => setRole(e.target.value as Role)} options={ROLES.map((r) => ({ value: r, text: t[`a_role_${r}`] }))} />
        {role === 'unit' && <Select label={t.c_scope} value={unit} onChange={(e) => setUnit(e.target.value)} options={catalog.config.units.map((u) => ({ value: u.id, text: names.unit(u.id) }))} error={errors.unit ?? null} />}
        <Field label={t.a_label} name="label" value={label} onChange={(e) => setLabel(e.target.value)} error={errors.label ?? null} hint={t.a_labelHint} maxLength={200} />
        <Button kind="primary" type="submit" data-testid="issue">
          {t.a_issue}
        </Button>
        {errors.general && <p className="outcome bad">{errors.general}</p>}
      </form>
      {issued && <IssuedBox lang={lang} issued={issued} />}
      <table className="console-table" data-testid="token-list">
        <TableHead columns={[t.a_label, t.a_role, t.c_scope, t.a_created, t.a_lastUsed, '']} />
        <tbody>
          {list.map((tk) => (
            <tr key={tk.id} data-token={tk.id}>
              <td>{tk.label}</td>
              <td>{t[`a_role_${tk.role}`]}</td>
              <td>{tk.unit ? names.unit(tk.unit) : ''}</td>
              <td>{when(lang, tk.createdAt)}</td>
              <td>{when(lang, tk.lastUsedAt)}</td>
              <td>
                {confirming === tk.id ? (
                  <span className="confirm">
                    {fill(t.a_confirmRevoke, { label: tk.label })}{' '}
                    <Button kind="danger" onClick={() => void revoke(tk.id)} data-testid="confirm-revoke">
                      {t.a_revoke}
                    </Button>{' '}
                    <Button onClick={() => setConfirming(null)}>{t.a_cancel}</Button>
                  </span>
                ) : (
                  <Button kind="danger" onClick={() => setConfirming(tk.id)} data-testid="revoke">
                    {t.a_revoke}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
