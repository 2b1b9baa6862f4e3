import { hostname } from 'node:os';
import type { NodeHealth } from '@shared/admin';
import type { LogFollower } from '../log/follower';
import type { SideTable, Store } from '../store/store';

/** How often each node writes its own line to the store's `nodes` table. */
export const PRESENCE_EVERY_MS = 10_000;
/** A node not heard from for this long is left out of the health page. */
export const NODE_FRESH_MS = 30_000;

/**
 * The one way a node tells the others about itself: its own field of a side table of the store
 * (`nodes` for health, `displays` for the desk's walls), `{ at, value }`, rewritten every
 * `everyMs` and whenever `changed()` is called (debounced); readers keep the fields written within
 * `freshMs`. Through the Store interface, so it works the same on Redis, a Redis Cluster (one key)
 * and the embedded store (one node). Times are real time: presence is about processes, not data.
 */
export class NodePresence<T> {
  private timer: NodeJS.Timeout;
  private debounce: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly table: SideTable,
    /** This node's field; may change once the node knows its port. */
    public node: string,
    private readonly value: () => T,
    private readonly onError: (err: unknown) => void,
    everyMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => void this.publish(), everyMs);
    this.timer.unref();
  }

  /** Writes this node's line now (and after each interval). */
  publish(): Promise<void> {
    this.writing = this.writing
      .then(async () => {
        if (this.stopped || !this.store.ready()) return;
        await this.store.putFields(this.table, { [this.node]: JSON.stringify({ at: this.now(), value: this.value() }) });
      })
      .catch(this.onError);
    return this.writing;
  }

  /** Something changed: publish soon, once for a burst of changes. */
  changed(delayMs = 100): void {
    if (this.debounce || this.stopped) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.publish();
    }, delayMs);
  }

  /** The other nodes' lines written within `freshMs` (this node's own is left out: the caller has it live). */
  async others(freshMs: number): Promise<T[]> {
    const lines = await freshLines<T>(this.store, this.table, freshMs, this.now());
    lines.delete(this.node);
    return [...lines.values()];
  }

  /** Stops writing; the node's line is marked gone at once (a stopped node's walls leave the desk). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    await this.writing;
    this.stopped = true;
    if (this.store.ready()) await this.store.putFields(this.table, { [this.node]: JSON.stringify({ at: 0, value: null }) }).catch(this.onError);
  }
}

/** Every node's line of `table` written within `freshMs` of `now`, by node. */
export async function freshLines<T>(store: Store, table: SideTable, freshMs: number, now = Date.now()): Promise<Map<string, T>> {
  const lines = new Map<string, T>();
  for (const [node, json] of Object.entries(await store.getFields(table))) {
    const line = parseLine<T>(json);
    if (line && now - line.at <= freshMs) lines.set(node, line.value);
  }
  return lines;
}

function parseLine<T>(json: string): { at: number; value: T } | null {
  try {
    const line = JSON.parse(json) as { at?: unknown; value?: unknown };
    // Lines of the earlier format (the NodeHealth itself, stamped `at` as an ISO time) are read too.
    if (typeof line.at === 'string') return { at: Date.parse(line.at), value: line as T };
    return typeof line.at === 'number' && line.value !== null && line.value !== undefined ? { at: line.at, value: line.value as T } : null;
  } catch {
    return null;
  }
}

export interface PresenceDeps {
  store: Store;
  follower: LogFollower;
  displays: () => number;
}

/** This node as the health page shows it. */
export function nodeHealth(id: string, deps: PresenceDeps, now = Date.now()): NodeHealth {
  const h = deps.follower.health();
  return { id, displays: deps.displays(), behind: h.behind, seq: deps.follower.seq, storeOk: h.storeOk, at: new Date(now).toISOString() };
}

/** A name for this node that stays the same across restarts, so the table does not grow with them. */
export const nodeIdOf = (port: number) => `${hostname()}:${port}`;

/** Writes this node's health line to the `nodes` table every PRESENCE_EVERY_MS, so the health page of any node can list every node. */
export function startPresence(id: string, deps: PresenceDeps, onError: (err: unknown) => void): NodePresence<NodeHealth> {
  const presence = new NodePresence(deps.store, 'nodes', id, () => nodeHealth(id, deps), onError, PRESENCE_EVERY_MS);
  void presence.publish();
  return presence;
}

/** Every node heard from lately, this one as it is now. */
export async function freshNodes(self: NodeHealth, store: Store, now = Date.now()): Promise<NodeHealth[]> {
  const others = [...(await freshLines<NodeHealth>(store, 'nodes', NODE_FRESH_MS, now)).values()].filter((n) => n.id !== self.id);
  return [self, ...others].sort((a, b) => a.id.localeCompare(b.id));
}
