import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Me } from '@shared/admin';
import { digest } from '@shared/csv/digest';
import type { ScreenProps } from '../../app/screen';
import { LiveClient } from '../../data/LiveClient';
import { LiveSource } from '../../data/LiveSource';
import { ApiError } from '@shared/call';
import { UnitApi } from '../../data/unitApi';
import { fill, messagesFor } from '../../i18n';
import { Message } from '../../ui/Message';
import { ConsoleView } from './ConsoleView';
import { Outbox } from './outbox';
import './console.css';

type Who = { state: 'loading' } | { state: 'known'; me: Me } | { state: 'revoked' } | { state: 'offline' };

/** /console: a unit's own page, for its token (`/console#token=...`). */
export default function ConsoleScreen({ token, search }: ScreenProps) {
  const params = new URLSearchParams(search);
  const { messages: t, code } = messagesFor(params.get('lang'));
  const tag = token ? digest(token) : '';
  const [who, setWho] = useState<Who>(() => {
    const kept = tag ? localStorage.getItem(`ioc.console.me.${tag}`) : null;
    return kept ? { state: 'known', me: JSON.parse(kept) as Me } : { state: 'loading' };
  });
  const parts = useMemo(() => {
    if (!token) return null;
    const api = new UnitApi({ token });
    const client = new LiveClient({ token });
    const outbox = new Outbox({ storage: localStorage, key: `ioc.console.outbox.${tag}`, send: (events) => api.write(events) });
    return { api, client, source: new LiveSource(client), outbox };
  }, [token, tag]);

  useEffect(() => {
    if (!parts) return;
    const { api, client, source, outbox } = parts;
    void client.start();
    const checkMe = () =>
      api.me().then(
        (me) => {
          localStorage.setItem(`ioc.console.me.${tag}`, JSON.stringify(me));
          setWho({ state: 'known', me });
          void outbox.flush();
        },
        (err: unknown) => {
          if (err instanceof ApiError && err.code === 'unauthorized') setWho({ state: 'revoked' });
          else setWho((w) => (w.state === 'known' ? w : { state: 'offline' }));
        },
      );
    void checkMe();
    // A revoked token's socket is cut by the server: asking who we are then tells it at once.
    let last = client.getView().status;
    const unsubscribe = client.subscribe(() => {
      const status = client.getView().status;
      if (status === last) return;
      last = status;
      if (status === 'unauthorized') setWho({ state: 'revoked' });
      else if (status === 'disconnected') void checkMe();
      else if (status === 'live') void outbox.flush();
    });
    const unsubscribeOutbox = outbox.subscribe(() => {
      if (outbox.entries()[0]?.lastFailure?.kind === 'unauthorized') setWho({ state: 'revoked' });
    });
    const online = () => void outbox.flush();
    window.addEventListener('online', online);
    return () => {
      unsubscribe();
      unsubscribeOutbox();
      window.removeEventListener('online', online);
      outbox.stop();
      source.dispose();
      client.stop();
    };
  }, [parts, tag]);

  const view = useSyncExternalStore(parts?.client.subscribe ?? (() => () => {}), parts?.client.getView ?? (() => null));
  if (!token || !parts) return <Message text={t.unauthorized} />;
  if (who.state === 'revoked') return <Message text={t.c_revoked} testId="revoked" />;
  if (who.state === 'loading' || !view?.catalog) return <Message text={who.state === 'offline' ? t.c_offlineStart : t.connecting} testId="loading" />;
  if (who.state === 'offline') return <Message text={t.c_offlineStart} testId="loading" />;
  if (who.me.role !== 'unit' || !who.me.unit) return <Message text={fill(t.c_notUnitToken, { role: who.me.role })} testId="not-unit" />;
  return <ConsoleView lang={code} me={who.me} unit={who.me.unit} parts={parts} status={view.status} itemParam={params.get('item')} />;
}
