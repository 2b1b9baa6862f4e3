import { useEffect, useState } from 'react';
import type { ScreenProps } from '../../app/screen';
import { ApiError } from '@shared/call';
import { LiveClient } from '../../data/LiveClient';
import { LiveSource } from '../../data/LiveSource';
import { messagesFor } from '../../i18n';
import { Message } from '../../ui/Message';
import { Desk } from './Desk';
import { DeskApi } from './deskApi';

type Access = 'checking' | 'desk' | 'refused' | 'unauthorized';

/** /desk: for an operator's or an admin's token; the live client, the desk's own API calls, and the desk. */
export default function DeskScreen({ token, search }: ScreenProps) {
  const langCode = new URLSearchParams(search).get('lang');
  const { messages: t } = messagesFor(langCode);
  const [access, setAccess] = useState<Access>('checking');
  const [live, setLive] = useState<{ client: LiveClient; source: LiveSource; api: DeskApi } | null>(null);
  useEffect(() => {
    if (!token) return;
    const api = new DeskApi(token);
    // The list of walls is for operators and admins only: its answer says whether this token may use the desk.
    api.displays().then(
      () => setAccess('desk'),
      (err: unknown) => setAccess(err instanceof ApiError && err.code === 'forbidden' ? 'refused' : err instanceof ApiError && err.code === 'unauthorized' ? 'unauthorized' : 'desk'),
    );
    const client = new LiveClient({ token });
    const source = new LiveSource(client);
    void client.start();
    setLive({ client, source, api });
    return () => {
      source.dispose();
      client.stop();
    };
  }, [token]);
  if (!token || access === 'unauthorized') return <Message text={t.unauthorized} />;
  if (access === 'refused') return <Message text={t.desk_notOperator} testId="not-operator" />;
  if (!live || access === 'checking') return null;
  return <Desk client={live.client} source={live.source} api={live.api} langCode={langCode} />;
}
