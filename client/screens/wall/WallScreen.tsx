import { useEffect, useState } from 'react';
import type { ScreenProps } from '../../app/screen';
import { LiveClient } from '../../data/LiveClient';
import { LiveSource } from '../../data/LiveSource';
import { messagesFor } from '../../i18n';
import { Message } from '../../ui/Message';
import { wallIdentity } from './identity';
import { parseWallOptions } from './rotation';
import { Wall } from './Wall';

/** /wall: the live client for this screen's token, and the wall drawn from it. */
export default function WallScreen({ token, search }: ScreenProps) {
  const [options] = useState(() => parseWallOptions(search));
  const [identity] = useState(() => wallIdentity(search, window.localStorage));
  const [live, setLive] = useState<{ client: LiveClient; source: LiveSource } | null>(null);
  useEffect(() => {
    if (!token) return;
    // The wall introduces itself, so the desk lists it and can steer it.
    const client = new LiveClient({ token, display: () => ({ id: identity.id, label: identity.label, screen: 'wall' }) });
    const source = new LiveSource(client);
    void client.start();
    setLive({ client, source });
    return () => {
      source.dispose();
      client.stop();
    };
  }, [token, identity]);
  if (!token) return <Message text={messagesFor(options.lang).messages.unauthorized} />;
  if (!live) return null;
  return <Wall client={live.client} source={live.source} options={options} identity={identity} />;
}
