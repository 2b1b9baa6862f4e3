import { catalogOf } from '@shared/catalog';
import type { ProvinceConfig } from '@shared/config';
import type { ReadEvent } from '@shared/events';
import { apply, PROJECTION_VERSION } from '@shared/projection';
import type { DisplayHello, DisplayStatus, DisplaySnapshotMessage, HeartbeatMessage, SnapshotMessage } from '@shared/protocol';
import { fingerprint } from '@shared/version';
import { Api } from './api';
import { ApiError } from '@shared/call';
import { openLiveSocket, type LiveSocket } from './liveSocket';
import { snapshotProjection } from './projection';
import { retryDelay } from './retry';
import { clearSaved, readSaved, SAVED_KEY, writeSaved } from './saved';
import type { LiveView } from './liveView';

/** How often the last known state is written to the browser, so a reload draws at once. */
export const SAVE_EVERY_MS = 15_000;
/**
 * After a quiet spell screens are told of a change at once; during a burst at most this often.
 * Each redraw of a wall costs its PC a few milliseconds whatever changed: twice a second keeps a
 * wall under 5% of a core at 20 events a second, and is as often as anyone reads it.
 */
export const NOTIFY_EVERY_MS = 500;
/** The first wait before asking again after the server refused or closed the connection (then doubling, up to 30 s). */
export const RETRY_REFUSED_MS = 5_000;
/** Fetching the config again after a failure: from this, doubling, up to the maximum. */
export const CONFIG_RETRY_MS = 1_000;
export const CONFIG_RETRY_MAX_MS = 30_000;
const RELOAD_KEY = 'ioc.reloadedAt';

export interface LiveClientOptions {
  token: string;
  /** Where the server is; the page's own origin by default. */
  url?: string;
  storage?: Storage;
  /** Where the last known state is saved in `storage`. */
  savedKey?: string;
  reload?: () => void;
  retryRefusedMs?: number;
  configRetryMs?: number;
  /** A wall that introduces itself, to be listed and steered at the desk: read at every (re)connect. */
  display?: () => DisplayHello;
}

/**
 * The live state behind a screen: the config (with its version), then a snapshot, then events
 * applied with the same reducer as the server, strictly at seq = last + 1. A gap or another
 * epoch asks for a resync; a reconnect resumes from (epoch, seq); a snapshot for another config
 * fetches the config again first; a protocol or projection change reloads the page. The
 * node's heartbeats say whether the data is current (see freshness.ts).
 */
export class LiveClient {
  private view: LiveView = {
    catalog: null,
    projection: null,
    epoch: null,
    version: 0,
    pinnedAt: null,
    configVersion: null,
    configError: null,
    status: 'connecting',
    lastContact: 0,
    health: null,
    serverTime: Date.now(),
    clockAt: Date.now(),
    clockRate: 1,
    simulated: false,
    notice: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly api: Api;
  private socket: LiveSocket | null = null;
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;
  private saveTimer: ReturnType<typeof setInterval> | null = null;
  private resyncAsked = false;
  /** The snapshot's count of log repairs, sent back on reconnect (a state from before a repair is replaced). */
  private repairs = 0;
  private lastNotified = 0;
  /** A snapshot that waits for the config it was made with. */
  private pending: SnapshotMessage | DisplaySnapshotMessage | null = null;
  /** The server derives another projection version than this page applies: nothing it sends is used. */
  private incompatible = false;
  private configLoading: Promise<void> | null = null;
  private stopped = false;
  private readonly wakers = new Set<() => void>();
  private readonly onPageHide = () => this.save();

  constructor(private readonly options: LiveClientOptions) {
    this.api = new Api({ token: options.token, ...(options.url !== undefined ? { baseUrl: options.url } : {}) });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getView = (): LiveView => this.view;

  /** The server's clock at real instant `realMs`, now by default (simulated in demo mode). */
  now = (realMs = Date.now()): number => this.view.serverTime + (realMs - this.view.clockAt) * this.view.clockRate;

  /** Draws the saved state, connects, and resolves once the config is loaded (retrying until it is). */
  async start(): Promise<void> {
    this.restore();
    this.connect();
    this.saveTimer = setInterval(() => this.save(), SAVE_EVERY_MS);
    if (typeof window !== 'undefined') window.addEventListener('pagehide', this.onPageHide);
    await this.loadConfig();
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
    if (this.saveTimer) clearInterval(this.saveTimer);
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.onPageHide);
    for (const wake of this.wakers) wake();
  }

  private get storage(): Storage {
    return this.options.storage ?? window.localStorage;
  }

  private loadConfig(): Promise<void> {
    this.configLoading ??= this.fetchConfigUntilLoaded().finally(() => (this.configLoading = null));
    return this.configLoading;
  }

  private async fetchConfigUntilLoaded(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const { config, version } = await this.api.config();
        if (!this.stopped) this.setConfig(config, version ?? fingerprint(config));
        return;
      } catch (err) {
        const failure = err instanceof ApiError ? err : new ApiError('bad_answer', 0, String(err));
        if (failure.code === 'unauthorized') return this.refused();
        this.update({ configError: failure.code });
        await this.sleep(retryDelay(attempt, this.options.configRetryMs ?? CONFIG_RETRY_MS, CONFIG_RETRY_MAX_MS, failure.retryAfterMs));
      }
    }
  }

  private setConfig(config: ProvinceConfig, version: string): void {
    // A state made under another config may name what no longer exists: start again from a snapshot.
    const drop = this.view.projection !== null && this.view.configVersion !== version;
    this.update({ catalog: catalogOf(config), configVersion: version, configError: null, ...(drop ? { projection: null, epoch: null } : {}) });
    if (drop) {
      clearSaved(this.storage, this.savedKey);
      if (!this.pending) this.resync();
    }
    const pending = this.pending;
    if (pending) this.onSnapshot(pending);
  }

  private connect(): void {
    this.socket = openLiveSocket(this.options.url ?? '', this.options.token, this.options.retryRefusedMs ?? RETRY_REFUSED_MS, {
      resumeFrom: () => {
        const { epoch, projection } = this.view;
        return epoch && projection ? { epoch, seq: projection.seq, repairs: this.repairs } : null;
      },
      // A wall whose id another screen took stops claiming it (it reconnects as an anonymous screen).
      display: () => (this.view.notice === 'replaced' ? undefined : this.options.display?.()),
      stopped: () => this.stopped || this.view.status === 'unauthorized',
      connected: () => this.update({ status: 'live' }),
      disconnected: () => this.update({ status: 'disconnected' }),
      refused: () => this.refused(),
      protocolMismatch: () => this.reloadOnce(),
      snapshot: (message) => this.onSnapshot(message),
      events: (epoch, events) => this.onEvents(epoch, events),
      heartbeat: (message) => this.onHeartbeat(message),
      replaced: () => this.update({ notice: 'replaced' }),
      revoked: () => this.update({ status: 'unauthorized', notice: 'revoked' }),
    });
  }

  private refused(): void {
    this.socket?.disconnect();
    this.update({ status: 'unauthorized' });
  }

  /** Tells the desk what this wall shows now; while disconnected the hello of the next connect says it. */
  sendStatus(status: DisplayStatus): void {
    if (this.socket?.connected && this.view.notice !== 'replaced') this.socket.emit('display.status', status);
  }

  private onSnapshot(message: SnapshotMessage | DisplaySnapshotMessage): void {
    this.resyncAsked = false;
    if (message.projectionVersion !== PROJECTION_VERSION) {
      // The server derives another projection than this page was built for: the saved state is of
      // no use, and a reload brings the matching page. Until then the data ages (and the banner says so).
      this.incompatible = true;
      clearSaved(this.storage, this.savedKey);
      this.reloadOnce();
      return;
    }
    this.incompatible = false;
    if (!this.view.catalog || message.configVersion !== this.view.configVersion) {
      // Made with a config this page does not hold (yet): fetch it, then apply.
      this.pending = message;
      void this.loadConfig();
      return;
    }
    this.pending = null;
    this.repairs = message.repairs ?? 0;
    const first = this.view.projection === null;
    const now = Date.now();
    this.update({
      epoch: message.epoch,
      projection: snapshotProjection(this.view.catalog, message),
      lastContact: now,
      serverTime: Date.parse(message.serverTime),
      clockAt: now,
      clockRate: message.clockRate,
      simulated: message.simulated,
    });
    if (first) this.save();
  }

  private onEvents(epoch: string, events: ReadEvent[]): void {
    const { catalog, projection } = this.view;
    if (!catalog || !projection || this.pending || this.incompatible) return;
    if (epoch !== this.view.epoch) return this.resync();
    let applied = false;
    for (const event of events) {
      if (event.seq <= projection.seq) continue;
      if (event.seq !== projection.seq + 1) return this.resync();
      apply(catalog, projection, event);
      applied = true;
    }
    // A display's projection met an event it cannot apply alone (display.ts): a fresh snapshot mends it.
    if (projection.display?.stale) this.resync();
    this.view = { ...this.view, lastContact: Date.now() };
    if (applied) this.scheduleNotify();
  }

  private onHeartbeat(message: HeartbeatMessage): void {
    if (this.incompatible) return;
    const now = Date.now();
    const behindSince = message.behind > 0 ? (this.view.health?.behindSince ?? now) : null;
    // Current only when the node reads its store, has applied all it knows of, and this page holds all of it.
    const current = message.store === 'ok' && message.behind === 0 && this.pending === null && !this.resyncAsked && this.view.projection !== null;
    this.update({
      health: { store: message.store, behind: message.behind, behindSince, at: now },
      serverTime: Date.parse(message.serverTime),
      clockAt: now,
      ...(current ? { lastContact: now } : {}),
    });
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

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  private update(patch: Partial<LiveView>): void {
    const data = 'catalog' in patch || 'projection' in patch || 'epoch' in patch;
    this.view = { ...this.view, ...patch, version: this.view.version + (data ? 1 : 0) };
    this.notify();
  }

  private scheduleNotify(): void {
    if (this.notifyTimer) return;
    const flush = () => {
      this.notifyTimer = null;
      this.lastNotified = Date.now();
      this.view = { ...this.view, version: this.view.version + 1 };
      this.notify();
    };
    const wait = this.lastNotified + NOTIFY_EVERY_MS - Date.now();
    // After a quiet spell, now (a timer would queue behind whatever else the page has to do).
    if (wait <= 0) flush();
    else this.notifyTimer = setTimeout(flush, wait);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  private get savedKey(): string {
    return this.options.savedKey ?? SAVED_KEY;
  }

  private restore(): void {
    const saved = readSaved(this.storage, this.savedKey);
    if (!saved) return;
    this.update({ catalog: catalogOf(saved.config), configVersion: saved.configVersion, epoch: saved.epoch, projection: saved.projection, ...saved.clock });
  }

  /** Writes the last known state to the browser, so that a reload draws before it connects. */
  save(): void {
    const { catalog, configVersion, epoch, projection, lastContact, serverTime, clockAt, clockRate, simulated } = this.view;
    if (!catalog || !configVersion || !epoch || !projection || this.incompatible) return;
    writeSaved(this.storage, { projectionVersion: PROJECTION_VERSION, configVersion, config: catalog.config, epoch, projection, clock: { lastContact, serverTime, clockAt, clockRate, simulated } }, this.savedKey);
  }
}

