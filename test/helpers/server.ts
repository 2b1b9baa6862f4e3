import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { ProvinceConfig } from '@shared/config';
import type { ReadEvent } from '@shared/events';
import { decodeSnapshot, PROTOCOL_VERSION, type ClientToServerEvents, type HeartbeatMessage, type ServerToClientEvents, type DisplaySnapshotMessage, type SnapshotMessage } from '@shared/protocol';
import { createApplication, type Application } from '../../server/app';
import type { Clock } from '../../server/clock';
import { loadProvinceConfig } from '../../server/config/load';
import { RedisStore } from '../../server/store/redis';
import type { Store } from '../../server/store/store';
import { TEST_REDIS_URL } from './redis';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';
export const demoConfig: ProvinceConfig = loadProvinceConfig();

export interface TestServer {
  url: string;
  app: Application;
  store: Store;
  close(): Promise<void>;
}

export interface StartOptions {
  prefix: string;
  redisUrl?: string;
  /** Per token id; off unless given. */
  rateLimitPerSecond?: number;
  /** Unknown tokens per client address; off unless given, so tests of many bad tokens stay about what they test. */
  authFailuresPerSecond?: number;
  /** The time of that budget's one-second windows (held still by a test that must not straddle two). */
  authBudgetNow?: () => number;
  trustProxy?: string[];
  clock?: Clock;
  snapshotEvery?: number;
  store?: Store;
  /** This node's name among several (display presence is per node). */
  nodeId?: string;
  /** Serve HTTPS with this certificate and key (the URL is then https://). */
  tls?: { cert: Buffer; key: Buffer };
}

/** A real server on an ephemeral port over real Redis, with the demo config and a bootstrap admin token. */
export async function startServer(options: StartOptions): Promise<TestServer> {
  const store = options.store ?? new RedisStore({ url: options.redisUrl ?? TEST_REDIS_URL, prefix: options.prefix });
  await store.open();
  const app = createApplication({
    store,
    config: demoConfig,
    adminToken: ADMIN_TOKEN,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    rateLimitPerSecond: options.rateLimitPerSecond ?? 0,
    authFailuresPerSecond: options.authFailuresPerSecond ?? 0,
    ...(options.authBudgetNow ? { authBudgetNow: options.authBudgetNow } : {}),
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.snapshotEvery ? { snapshotEvery: options.snapshotEvery } : {}),
    ...(options.nodeId ? { nodeId: options.nodeId } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
  });
  const port = await app.listen(0, '127.0.0.1');
  if (store.ready()) await app.follower.whenLoaded();
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    app,
    store,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/** Calls the API as a producer would, returning status, headers and the parsed body. */
export async function api(base: string, path: string, init: { method?: string; token?: string | null; body?: unknown; rawBody?: string; contentType?: string } = {}) {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? ADMIN_TOKEN : init.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const hasBody = init.body !== undefined || init.rawBody !== undefined;
  if (hasBody) headers['content-type'] = init.contentType ?? 'application/json';
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? (hasBody ? 'POST' : 'GET'),
    headers,
    ...(hasBody ? { body: init.rawBody ?? JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: body as Record<string, unknown> & { error?: { code: string; message: string; details?: { path: string; message: string }[] } } };
}

export async function issueToken(base: string, role: string, unit?: string, label = `test ${role}`): Promise<{ id: string; token: string }> {
  const res = await api(base, '/api/v1/tokens', { body: { role, label, ...(unit ? { unit } : {}) } });
  if (res.status !== 201) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as unknown as { id: string; token: string };
}

/** A producer that sends numbered batches and retries each until it is acknowledged, as the contract asks of units. */
export async function produce(url: () => string, batches: number, size: number, tag: string, acked: Map<string, number>, statuses: number[], pauseMs = 10): Promise<void> {
  for (let b = 0; b < batches; b++) {
    const events = Array.from({ length: size }, (_, i) => ({
      id: `${tag}-${b}-${i}`,
      type: 'note.posted',
      unit: 'dic',
      at: new Date().toISOString(),
      text: `batch ${b} event ${i}`,
      severity: 'info',
    }));
    for (;;) {
      try {
        const res = await api(url(), '/api/v1/events', { body: { events } });
        statuses.push(res.status);
        if (res.status === 202) {
          for (const r of [...(res.body.accepted as { id: string; seq: number }[]), ...(res.body.duplicates as { id: string; seq: number }[])]) acked.set(r.id, r.seq);
          await new Promise((r) => setTimeout(r, pauseMs));
          break;
        }
      } catch {
        statuses.push(0); // connection refused or reset: the server is down
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A note event with a unique id. */
export function noteEvent(unit = 'dic', text = 'hello'): Record<string, unknown> {
  return { id: `n-${randomUUID()}`, type: 'note.posted', unit, at: new Date().toISOString(), text, severity: 'info' };
}

/** A display: a real socket.io-client that records what it receives and applies events only at seq = last + 1. */
export class Display {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  snapshots: SnapshotMessage[] = [];
  /** Snapshots received as `snapshot.encoded` (a display's projection), decoded. */
  projections: DisplaySnapshotMessage[] = [];
  /** Every event received, in arrival order, including repeats. */
  received: ReadEvent[] = [];
  /** Every heartbeat received, in arrival order. */
  heartbeats: HeartbeatMessage[] = [];
  epoch: string | undefined;
  seq = 0;
  gaps = 0;

  /** `encoded`: asks for `snapshot.encoded` (the display's projection as bytes) and decodes it into `projections`, as the web app does. */
  constructor(url: string, token: string, resume?: { epoch: string; seq: number }, protocol = PROTOCOL_VERSION, encoded = false) {
    if (resume) {
      this.epoch = resume.epoch;
      this.seq = resume.seq;
    }
    this.socket = connectSocket(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: (cb) => cb({ token, protocol, ...(encoded ? { encoded } : {}), ...(this.epoch !== undefined ? { epoch: this.epoch, seq: this.seq } : {}) }),
    });
    const onSnapshot = (m: SnapshotMessage | DisplaySnapshotMessage) => {
      if ('projection' in m) this.projections.push(m);
      else this.snapshots.push(m);
      this.epoch = m.epoch;
      this.seq = m.seq;
    };
    this.socket.on('snapshot', onSnapshot);
    this.socket.on('snapshot.encoded', (m) => onSnapshot(decodeSnapshot(m)));
    this.socket.on('heartbeat', (m) => this.heartbeats.push(m));
    this.socket.on('events', (m) => {
      this.received.push(...m.events);
      for (const e of m.events) {
        if (e.seq <= this.seq) continue;
        if (e.seq !== this.seq + 1) this.gaps += 1;
        this.seq = e.seq;
      }
    });
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.connected) return resolve();
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  /** Resolves with the connect_error message. */
  refused(): Promise<string> {
    return new Promise((resolve) => this.socket.once('connect_error', (err) => resolve(err.message)));
  }

  async until(predicate: () => boolean, ms = 5_000): Promise<void> {
    const start = Date.now();
    while (!predicate()) {
      if (Date.now() - start > ms) throw new Error(`display did not get there in ${ms} ms (seq ${this.seq})`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.socket.close();
  }
}
