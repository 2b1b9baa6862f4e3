import { useSyncExternalStore } from 'react';
import type { LiveClient } from '../../data/LiveClient';
import type { Messages } from '../../i18n';

/**
 * Why this wall stopped being itself, over the bottom of the wall: its id now belongs to another
 * screen (it keeps drawing but is no longer listed), or its token was revoked (said at once).
 */
export function WallNotice({ client, t }: { client: LiveClient; t: Messages }) {
  const notice = useSyncExternalStore(client.subscribe, () => client.getView().notice);
  if (!notice) return null;
  return (
    <div className={`wall-notice ${notice}`} data-testid="wall-notice" data-notice={notice} role="alert">
      {notice === 'replaced' ? t.wallReplaced : t.wallRevoked}
    </div>
  );
}
