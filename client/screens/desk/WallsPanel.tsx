import { memo, useEffect, useState } from 'react';
import type { ConnectedDisplay } from '@shared/api';
import { formatTime } from '@shared/format';
import { WALL_PAGES, type WallPage } from '@shared/projection';
import { fill } from '../../i18n';
import type { Lang } from '../../i18n/lang';
import { ago } from '../../ui/format';
import type { DeskApi } from './deskApi';
import { SteerForm } from './SteerForm';
import type { DeskEvent, WriteState } from './useWrite';

/** How often the list of walls is asked for again. */
export const WALLS_REFRESH_MS = 3_000;

/** The walls connected to every node (polled), and the form that steers one of them or all. */
export const WallsPanel = memo(function WallsPanel({ api, lang, writeState, write }: { api: DeskApi; lang: Lang; writeState: WriteState; write: (event: DeskEvent) => Promise<boolean> }) {
  const { t, timeZone } = lang;
  const walls = useWalls(api);
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const pageName = (page: string | null) => (page === 'message' ? t.desk_messageText : isWallPage(page) ? t[`page_${page}`] : (page ?? '—'));
  return (
    <section className="desk-card desk-walls" data-testid="desk-walls">
      <h2>
        {t.desk_walls} <span className="desk-count">{walls?.length ?? '…'}</span>
      </h2>
      {walls !== null && walls.length === 0 && <div className="desk-empty">{t.desk_noWalls}</div>}
      <ul className="desk-list">
        {(walls ?? []).map((w) => (
          <li key={`${w.node}/${w.id}/${w.connectedAt}`} className="desk-wall" data-wall={w.id}>
            <div className="desk-wall-name">
              {w.label} {w.label !== w.id && <span className="desk-id">({w.id})</span>}
            </div>
            <div className="desk-wall-meta">{fill(t.desk_wallWhere, { node: w.node, page: pageName(w.page) })}</div>
            <div className="desk-wall-meta">{fill(t.desk_wallTimes, { since: formatTime(Date.parse(w.connectedAt), t.locale, timeZone), ago: ago(now - Date.parse(w.lastSeenAt), t) })}</div>
          </li>
        ))}
      </ul>
      <SteerForm walls={walls ?? []} lang={lang} writeState={writeState} write={write} />
    </section>
  );
});

/** True for a page of WALL_PAGES: each has its name under `page_<id>` in the locales (checked by the compiler). */
function isWallPage(page: string | null): page is WallPage {
  return (WALL_PAGES as readonly (string | null)[]).includes(page);
}

/** The connected walls, asked for every WALLS_REFRESH_MS; null before the first answer. */
function useWalls(api: DeskApi): ConnectedDisplay[] | null {
  const [walls, setWalls] = useState<ConnectedDisplay[] | null>(null);
  useEffect(() => {
    let stopped = false;
    const load = () =>
      api.displays().then(
        (list) => !stopped && setWalls(list),
        () => undefined,
      );
    void load();
    const timer = setInterval(() => void load(), WALLS_REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api]);
  return walls;
}
