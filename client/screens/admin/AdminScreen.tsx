import { useEffect, useMemo, useState } from 'react';
import type { TokenInfo } from '@shared/api';
import { catalogOf, type Catalog } from '@shared/catalog';
import type { ScreenProps } from '../../app/screen';
import { AdminApi } from '../../data/adminApi';
import { ApiError } from '@shared/call';
import { fill, messagesFor } from '../../i18n';
import { langFor } from '../../i18n/lang';
import { Message } from '../../ui/Message';
import { Audit } from './Audit';
import { Health } from './Health';
import { Tokens } from './Tokens';
import '../console/console.css';
import './admin.css';

type Load = { state: 'loading' } | { state: 'ready'; catalog: Catalog } | { state: 'refused'; text: string };

/** /admin: tokens, the audit trail, health and the config in force, for an admin token. */
export default function AdminScreen({ token, search }: ScreenProps) {
  const code = new URLSearchParams(search).get('lang');
  const { messages: t } = messagesFor(code);
  const api = useMemo(() => (token ? new AdminApi({ token }) : null), [token]);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [tokens, setTokens] = useState<TokenInfo[]>([]);
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    if (!api) return;
    api.me().then(
      async (me) => {
        if (me.role !== 'admin') return setLoad({ state: 'refused', text: fill(t.a_notAdmin, { role: me.role }) });
        setLoad({ state: 'ready', catalog: catalogOf(await api.config()) });
      },
      (err: unknown) => setLoad({ state: 'refused', text: err instanceof ApiError && err.code === 'unauthorized' ? t.unauthorized : t.c_offlineStart }),
    );
  }, [api, t]);
  useEffect(() => {
    if (api && load.state === 'ready') void api.tokens().then(setTokens, () => undefined);
  }, [api, load.state, changes]);

  if (!api) return <Message text={t.unauthorized} />;
  if (load.state === 'loading') return <Message text={t.connecting} testId="loading" />;
  if (load.state === 'refused') return <Message text={load.text} testId="refused" />;
  const lang = langFor(load.catalog, code);
  const { config } = load.catalog;
  return (
    <div className="console-page admin" data-testid="admin">
      <header className="console-header">
        <h1>{fill(t.a_title, { province: lang.names.province() })}</h1>
        <a className="link" href="/api/docs/" target="_blank" rel="noreferrer" data-testid="docs-link">
          {t.a_docs}
        </a>
      </header>
      <section className="console-card">
        <h2>{t.a_tokensTitle}</h2>
        <Tokens lang={lang} api={api} onChange={() => setChanges((n) => n + 1)} />
      </section>
      <section className="console-card">
        <h2>{t.a_auditTitle}</h2>
        <Audit lang={lang} api={api} tokens={tokens} refresh={changes} />
      </section>
      <div className="console-grid">
        <section className="console-card">
          <h2>{t.a_healthTitle}</h2>
          <Health lang={lang} api={api} />
        </section>
        <section className="console-card" data-testid="config">
          <h2>{t.a_configTitle}</h2>
          <p>{fill(t.a_configLine, { province: lang.names.province(), tz: config.province.timeZone, units: config.units.length, indicators: config.indicators.length, items: config.items.length })}</p>
          <details>
            <summary>{t.a_configJson}</summary>
            <pre>{JSON.stringify(config, null, 2)}</pre>
          </details>
        </section>
      </div>
    </div>
  );
}
