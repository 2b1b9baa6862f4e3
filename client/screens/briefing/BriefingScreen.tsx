import { useEffect, useState } from 'react';
import type { ScreenProps } from '../../app/screen';
import { Api } from '../../data/api';
import { LiveClient } from '../../data/LiveClient';
import { messagesFor } from '../../i18n';
import { Message } from '../../ui/Message';
import { Briefing } from './Briefing';
import './briefing.css';

/** /briefing: the live client and the API for this screen's token, and the slides drawn from them. */
export default function BriefingScreen({ token, search }: ScreenProps) {
  const [parts, setParts] = useState<{ client: LiveClient; api: Api } | null>(null);
  useEffect(() => {
    if (!token) return;
    const client = new LiveClient({ token });
    void client.start();
    setParts({ client, api: new Api({ token }) });
    return () => client.stop();
  }, [token]);
  if (!token) return <Message text={messagesFor(new URLSearchParams(search).get('lang')).messages.unauthorized} />;
  if (!parts) return null;
  return <Briefing client={parts.client} api={parts.api} token={token} search={search} />;
}
