import { io, type Socket } from 'socket.io-client';
import { catalogOf, type Catalog } from '@shared/catalog';
import { ProvinceConfigSchema, type ProvinceConfig } from '@shared/config';
import type { StoredEvent } from '@shared/events';
import { apply, type Projection } from '@shared/projection';
import { CONNECT_ERRORS, PROTOCOL_VERSION, type ClientToServerEvents, type DisplayHello, type DisplayStatus, type ServerToClientEvents, type SnapshotMessage } from '@shared/protocol';
import { toProjection } from './projection';
import type { SourceView } from './source';

export type ConnectionStatus = 'connecting' | 'live' | 'disconnected' | 'unauthorized';

export interface LiveView extends SourceView {
  catalog: Catalog | null;
  projection: Projection | null;
  epoch: string | null;
  status: ConnectionStatus;
  /** Real time (ms) the server was last heard from. */
  lastContact: number;
  /** The server's clock at `clockAt` (real ms), and how fast it runs: the wall's clock follows it. */
  serverTime: number;
  clockAt: number;
  clockRate: number;
  simulated: boolean;
  pinnedAt: null;
}

/** How often the last known state is written to the browser, so a reload draws at once. */
export const SAVE_EVERY_MS = 15_000;
/** After a quiet spell screens are told of a change at once; during a burst at most this often. */
export const NOTIFY_EVERY_MS = 50;
/** How long to wait before asking again after the server refused the connection. */
export const RETRY_REFUSED_MS = 5_000;
const CACHE_KEY = 'ioc.live.v2';
const RELOAD_KEY = 'ioc.reloadedAt';

interface Cached {
  config: ProvinceConfig;
  epoch: string;
  projection: Projection;
  /** When the cached state was last known current, and the server's clock then: the banner's "as of". */
  clock: Pick<LiveView, 'lastContact' | 'serverTime' | 'clockAt' | 'clockRate' | 'simulated'>;
}

export interface LiveClientOptions {
  token: string;
  /** Where the server is; the page's own origin by default. */
  url?: string;
  storage?: Storage;
  reload?: () => void;
  retryRefusedMs?: number;
  /** A wall that introduces itself, to be listed and steered at the desk: read at every (re)connect. */
  display?: () => DisplayHello;
}

/**
 * The live state behind every page: config, then a snapshot, then events applied with
 * the same reducer as the server, strictly at seq = last + 1. A gap or another epoch asks
 * for a resync; a reconnect resumes from (epoch, seq); a protocol change reloads the page.
 */
export class LiveClient {
  private view: LiveView = {
    catalog: null,
    projection: null,
    epoch: null,
    status: 'connecting',
    lastContact: 0,
    serverTime: Date.now(),
    clockAt: Date.now(),
    clockRate: 1,
    simulated: false,
    version: 0,
    pinnedAt: null,
  };
  private readonly listeners = new Set<() => void>();
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;
  private saveTimer: ReturnType<typeof setInterval> | null = null;
  private resyncAsked = false;
  private lastNotified = 0;

  constructor(private readonly options: LiveClientOptions) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getView = (): LiveView => this.view;

  /** The server's clock at real instant `realMs`, now by default (simulated in demo mode). */
  now = (realMs = Date.now()): number => this.view.serverTime + (realMs - this.view.clockAt) * this.view.clockRate;

  async start(): Promise<void> {
    this.restore();
    try {
      const config = await this.fetchConfig();
      if (config) this.setConfig(config);
    } catch {
      // Offline at start: the cached config (if any) serves until the socket connects.
    }
    this.connect();
    this.saveTimer = setInterval(() => this.save(), SAVE_EVERY_MS);
    if (typeof window !== 'undefined') window.addEventListener('pagehide', () => this.save());
  }

  stop(): void {
    this.socket?.close();
    if (this.saveTimer) clearInterval(this.saveTimer);
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
  }

  private async fetchConfig(): Promise<ProvinceConfig | null> {
    const res = await fetch(`${this.options.url ?? ''}/api/v1/config`, { headers: { authorization: `Bearer ${this.options.token}` } });
    if (res.status === 401) {
      this.update({ status: 'unauthorized' });
      return null;
    }
    if (!res.ok) return null;
    return ProvinceConfigSchema.parse(await res.json());
  }

  private setConfig(config: ProvinceConfig): void {
    const catalog = catalogOf(config);
    this.update({ catalog });
  }

  private connect(): void {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(this.options.url ?? '', {
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      auth: (cb) => {
        const { epoch, projection } = this.view;
        const display = this.options.display?.();
        cb({ token: this.options.token, protocol: PROTOCOL_VERSION, ...(epoch && projection ? { epoch, seq: projection.seq } : {}), ...(display ? { display } : {}) });
      },
    });
    this.socket = socket;
    socket.on('connect', () => this.update({ status: 'live', lastContact: Date.now() }));
    socket.on('disconnect', () => this.update({ status: 'disconnected' }));
    socket.io.on('ping', () => {
      this.view = { ...this.view, lastContact: Date.now() };
    });
    socket.on('connect_error', (err) => {
      if (err.message === CONNECT_ERRORS.unauthorized) {
        socket.disconnect();
        return this.update({ status: 'unauthorized' });
      }
      if (err.message === CONNECT_ERRORS.protocolMismatch) this.reloadOnce();
      this.update({ status: 'disconnected' });
      // Socket.IO does not retry a connection its server refused (as opposed to one it could not reach).
      if (!socket.active) setTimeout(() => socket.connect(), this.options.retryRefusedMs ?? RETRY_REFUSED_MS);
    });
    socket.on('snapshot', (message) => this.onSnapshot(message));
    socket.on('events', ({ epoch, events }) => this.onEvents(epoch, events));
  }

  /** Tells the desk what this wall shows now; while disconnected the hello of the next connect says it. */
  sendStatus(status: DisplayStatus): void {
    if (this.socket?.connected) this.socket.emit('display.status', status);
  }

  private onSnapshot(message: SnapshotMessage): void {
    const first = this.view.projection === null;
    this.resyncAsked = false;
    this.update({
      epoch: message.epoch,
      projection: toProjection(message.state),
      lastContact: Date.now(),
      serverTime: Date.parse(message.serverTime),
      clockAt: Date.now(),
      clockRate: message.clockRate,
      simulated: message.simulated,
    });
    if (first) this.save();
  }

  private onEvents(epoch: string, events: StoredEvent[]): void {
    const { catalog, projection } = this.view;
    this.view = { ...this.view, lastContact: Date.now() };
    if (!catalog || !projection) return;
    if (epoch !== this.view.epoch) return this.resync();
    let applied = false;
    for (const event of events) {
      if (event.seq <= projection.seq) continue;
      if (event.seq !== projection.seq + 1) return this.resync();
      apply(catalog, projection, event);
      applied = true;
    }
    if (applied) this.scheduleNotify();
  }

  private resync(): void {
    if (this.resyncAsked) return;
    this.resyncAsked = true;
    this.socket?.emit('resync');
  }

  private reloadOnce(): void {
    const storage = this.options.storage ?? window.sessionStorage;
    const last = Number(storage.getItem(RELOAD_KEY) ?? 0);
    // A new server version: reload to get the matching page, but never in a tight loop.
    if (Date.now() - last < 60_000) return;
    storage.setItem(RELOAD_KEY, String(Date.now()));
    (this.options.reload ?? (() => window.location.reload()))();
  }

  private update(patch: Partial<LiveView>): void {
    const data = 'catalog' in patch || 'projection' in patch || 'epoch' in patch;
    this.view = { ...this.view, ...patch, version: this.view.version + (data ? 1 : 0) };
    this.notify();
  }

  private scheduleNotify(): void {
    if (this.notifyTimer) return;
    const wait = Math.max(0, this.lastNotified + NOTIFY_EVERY_MS - Date.now());
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      this.lastNotified = Date.now();
      this.view = { ...this.view, version: this.view.version + 1 };
      this.notify();
    }, wait);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  private restore(): void {
    const storage = this.options.storage ?? window.localStorage;
    try {
      const raw = storage.getItem(CACHE_KEY);
      if (!raw) return;
      const cached = JSON.parse(raw) as Cached;
      const config = ProvinceConfigSchema.parse(cached.config);
      this.update({ catalog: catalogOf(config), epoch: cached.epoch, projection: cached.projection, ...cached.clock });
    } catch {
      storage.removeItem(CACHE_KEY);
    }
  }

  /** Writes the last known state to the browser, so that a reload draws before it connects. */
  save(): void {
    const { catalog, epoch, projection, lastContact, serverTime, clockAt, clockRate, simulated } = this.view;
    if (!catalog || !epoch || !projection) return;
    const storage = this.options.storage ?? window.localStorage;
    const clock = { lastContact, serverTime, clockAt, clockRate, simulated };
    try {
      storage.setItem(CACHE_KEY, JSON.stringify({ config: catalog.config, epoch, projection, clock } satisfies Cached));
    } catch {
      // Storage full or disabled: the wall still works, it just cannot draw before connecting.
    }
  }
}
