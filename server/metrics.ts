import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per application, so that several servers in one test process keep their own figures. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ioc_' });
  return {
    registry,
    httpRequests: new Counter({ name: 'ioc_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'status'], registers: [registry] }),
    eventsStored: new Counter({ name: 'ioc_events_stored_total', help: 'Events stored by this node', registers: [registry] }),
    eventsDuplicate: new Counter({ name: 'ioc_events_duplicate_total', help: 'Retried events answered as duplicates', registers: [registry] }),
    ingestSeconds: new Histogram({
      name: 'ioc_ingest_duration_seconds',
      help: 'Time to validate and durably store one POST /api/v1/events',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    rateLimited: new Counter({ name: 'ioc_rate_limited_total', help: 'Requests and handshakes refused with rate_limited, by what was over budget (address or token)', labelNames: ['by'], registers: [registry] }),
    snapshotBuilds: new Counter({ name: 'ioc_snapshot_builds_total', help: 'States derived and encoded for displays, by audience (once per log position however many displays connect)', labelNames: ['audience'], registers: [registry] }),
    tokenLookups: new Counter({ name: 'ioc_token_lookups_total', help: 'Tokens looked up in the store to authenticate a request or handshake, by whether one was found', labelNames: ['found'], registers: [registry] }),
    sockets: new Gauge({ name: 'ioc_sockets_connected', help: 'Displays connected to this node', registers: [registry] }),
    logSeq: new Gauge({ name: 'ioc_log_seq', help: 'Last seq applied by this node', registers: [registry] }),
    liveEvents: new Gauge({ name: 'ioc_log_live_events', help: 'Events in the live log (the Redis stream or events.log); older ones are archived', registers: [registry] }),
    liveBytes: new Gauge({ name: 'ioc_log_live_bytes', help: 'Memory of the Redis stream (MEMORY USAGE), or the size of events.log', registers: [registry] }),
    archivedEvents: new Gauge({ name: 'ioc_log_archived_events', help: 'Events moved to the archive (gzip NDJSON, one file per UTC day)', registers: [registry] }),
    archivedFiles: new Gauge({ name: 'ioc_log_archived_files', help: 'Day files in the archive', registers: [registry] }),
    archivedBytes: new Gauge({ name: 'ioc_log_archived_bytes', help: 'Compressed size of the archive', registers: [registry] }),
    storeReady: new Gauge({ name: 'ioc_store_ready', help: '1 while the store answers', registers: [registry] }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
