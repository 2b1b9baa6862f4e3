import { useEffect, useState } from 'react';
import type { HealthReport } from '@shared/admin';
import type { AdminApi } from '../../data/adminApi';
import { fill } from '../../i18n';
import { failureText } from '../../i18n/problems';
import type { Lang } from '../../i18n/lang';
import { when } from './Tokens';

const REFRESH_MS = 10_000;

/** Store and persistence, nodes with their displays and lag, events per minute, and who is silent. */
export function Health({ lang, api }: { lang: Lang; api: AdminApi }) {
  const { t, names } = lang;
  const [h, setH] = useState<HealthReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = () => api.health().then((r) => (setH(r), setError(null)), (err: unknown) => setError(failureText(t, err, names)));
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [api, t, names]);
  if (!h) return <p className="muted">{error ?? t.connecting}</p>;
  const max = Math.max(1, ...h.rate.perMinute);
  const silent = h.units.filter((u) => u.silent);
  return (
    <div data-testid="health" className="health">
      {error && <p className="outcome bad">{error}</p>}
      <dl>
        <dt>{t.a_store}</dt>
        <dd data-testid="health-store">
          {h.store.kind} — {h.store.reachable ? t.a_reachable : t.a_unreachable}
          {h.store.kind === 'redis' && h.store.info ? ` — AOF ${h.store.info.aof ?? '?'}${h.store.info.appendfsync ? ` (appendfsync ${h.store.info.appendfsync})` : ''}, Redis ${h.store.info.version ?? ''}` : ''}
          {h.store.kind === 'embedded' && h.store.info ? ` — ${h.store.info.dataDir} (${h.store.info.sync})` : ''}
        </dd>
        <dt>{t.a_thisNode}</dt>
        <dd data-testid="health-node">{fill(t.a_nodeLine, { id: h.node.id, displays: h.node.displays, behind: h.node.behind, seq: h.node.seq })}</dd>
        <dt>{t.a_nodes}</dt>
        <dd>
          <ul className="plain">
            {h.nodes.map((n) => (
              <li key={n.id}>{fill(t.a_nodeLine, { id: n.id, displays: n.displays, behind: n.behind, seq: n.seq })}</li>
            ))}
          </ul>
        </dd>
        <dt>{fill(t.a_rate, { n: h.rate.minutes })}</dt>
        <dd>
          <div className="rate" aria-label={h.rate.perMinute.join(', ')}>
            {h.rate.perMinute.map((n, i) => (
              <span key={i} style={{ height: `${Math.max(2, (n / max) * 40)}px` }} title={String(n)} />
            ))}
          </div>
          {fill(t.a_lastEvent, { time: when(lang, h.rate.lastEventAt) })}
        </dd>
        {h.upstream && (
          <>
            <dt>{t.a_upstream}</dt>
            <dd data-testid="health-upstream">
              {fill(t.a_upstreamLine, { url: h.upstream.url, queued: h.upstream.queued, lag: h.upstream.lagSeconds, time: when(lang, h.upstream.lastDeliveredAt) })}
              {' · '}
              {fill(t.a_upstreamCounts, { delivered: h.upstream.delivered, resent: h.upstream.resent, dropped: h.upstream.dropped })}
              {!h.upstream.reporting && ` — ${t.a_upstreamOtherNode}`}
              {h.upstream.lastError && <span className="outcome bad"> {h.upstream.lastError}</span>}
            </dd>
          </>
        )}
        <dt>{t.a_silent}</dt>
        <dd data-testid="health-silent">{silent.length ? silent.map((u) => `${names.unit(u.unit)} (${when(lang, u.lastReportAt)})`).join(', ') : t.c_none}</dd>
      </dl>
    </div>
  );
}
