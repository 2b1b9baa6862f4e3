import { Counter, Gauge, type Registry } from 'prom-client';

/** The roll-up's figures on /metrics; the gauges are read from the reporter when scraped. */
export function upstreamMetrics(registry: Registry) {
  let collect: () => { queued: number; lagSeconds: number; reporting: boolean } = () => ({ queued: 0, lagSeconds: 0, reporting: false });
  new Gauge({ name: 'ioc_upstream_queue_events', help: 'Events computed for the upstream deployment and not yet acknowledged by it', registers: [registry], collect() { this.set(collect().queued); } });
  new Gauge({ name: 'ioc_upstream_lag_seconds', help: 'Seconds since the oldest value still queued for the upstream was computed (0: all delivered)', registers: [registry], collect() { this.set(collect().lagSeconds); } });
  new Gauge({ name: 'ioc_upstream_reporting', help: '1 on the node that reports to the upstream (one per deployment)', registers: [registry], collect() { this.set(collect().reporting ? 1 : 0); } });
  return {
    delivered: new Counter({ name: 'ioc_upstream_delivered_total', help: 'Events acknowledged by the upstream deployment', registers: [registry] }),
    dropped: new Counter({ name: 'ioc_upstream_dropped_total', help: 'Events the upstream refused for their content (logged), not retried', registers: [registry] }),
    conflicts: new Counter({ name: 'ioc_upstream_conflicts_total', help: 'Events whose id the upstream held with other content (409 id_conflict, logged): sent again under an id from their content', registers: [registry] }),
    failures: new Counter({ name: 'ioc_upstream_failures_total', help: 'Delivery attempts that failed and wait for a retry (unreachable, 5xx, 429, 401/403)', registers: [registry] }),
    onCollect(read: typeof collect) {
      collect = read;
    },
  };
}
export type UpstreamMetrics = ReturnType<typeof upstreamMetrics>;
