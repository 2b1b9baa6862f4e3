import type { ConnectedDisplay } from '@shared/api';
import type { DisplayHello } from '@shared/protocol';
import { NodePresence } from '../admin/presence';
import type { Store } from '../store/store';

export type { ConnectedDisplay };

/** A node's list older than this is a node that stopped: its walls are gone. */
export const PRESENCE_TTL_MS = 15_000;
/** Each node rewrites its list this often even when nothing changed, so a live node never looks stopped. */
export const PRESENCE_REFRESH_MS = 5_000;

/** Every wall connected to any node. */
export interface DisplayDirectory {
  list(): Promise<ConnectedDisplay[]>;
  stop(): Promise<void>;
}

/**
 * The walls connected to this node, by socket id; one listing per wall id (the newest
 * registration wins). `onChange` fires after every change, so the directory can publish the list.
 */
export class LocalDisplays {
  private readonly bySocket = new Map<string, ConnectedDisplay>();
  onChange: () => void = () => {};

  constructor(
    /** This node's name; set once the node knows its port. */
    public node: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Lists the wall; returns the sockets that claimed the same id until now (they are no longer listed). */
  add(socketId: string, hello: DisplayHello): string[] {
    const replaced = [...this.bySocket].filter(([id, d]) => d.id === hello.id && id !== socketId).map(([id]) => id);
    for (const id of replaced) this.bySocket.delete(id);
    const at = new Date(this.now()).toISOString();
    this.bySocket.set(socketId, { id: hello.id, label: hello.label, screen: hello.screen, page: hello.page ?? null, node: this.node, connectedAt: at, lastSeenAt: at });
    this.onChange();
    return replaced;
  }

  /** A status report: the page now, and a sign of life. */
  seen(socketId: string, page: string): void {
    const display = this.bySocket.get(socketId);
    if (!display) return;
    const pageChanged = display.page !== page;
    display.page = page;
    display.lastSeenAt = new Date(this.now()).toISOString();
    if (pageChanged) this.onChange();
  }

  /**
   * Stops listing the walls whose id a newer registration on another node took (a wall that moved
   * after a network drop, or a second screen given the same link); returns their sockets.
   */
  replacedElsewhere(others: ConnectedDisplay[]): string[] {
    const newest = new Map<string, string>();
    for (const d of others) if ((newest.get(d.id) ?? '') < d.connectedAt) newest.set(d.id, d.connectedAt);
    const replaced = [...this.bySocket].filter(([, d]) => (newest.get(d.id) ?? '') > d.connectedAt).map(([socket]) => socket);
    for (const socket of replaced) this.bySocket.delete(socket);
    if (replaced.length) this.onChange();
    return replaced;
  }

  remove(socketId: string): void {
    if (this.bySocket.delete(socketId)) this.onChange();
  }

  list(): ConnectedDisplay[] {
    return [...this.bySocket.values()].map((d) => ({ ...d }));
  }
}

/**
 * The walls of every node sharing the store: each node keeps its list in its own field of the
 * store's `displays` side table (see NodePresence), rewritten on every change and every few
 * seconds. The same on Redis and on the embedded store (where this node is the only one).
 * An id listed by two nodes (a wall that moved after a network drop) is shown once: the newest.
 */
export function storeDirectory(local: LocalDisplays, store: Store, on: { onError: (err: unknown) => void; onReplaced: (sockets: string[]) => void }): DisplayDirectory {
  const presence = new NodePresence<ConnectedDisplay[]>(store, 'displays', local.node, () => local.list(), on.onError, PRESENCE_REFRESH_MS);
  // Every refresh, this node looks for its walls' ids taken on another node since.
  const look = setInterval(() => {
    presence
      .others(PRESENCE_TTL_MS)
      .then((lists) => {
        const replaced = local.replacedElsewhere(lists.flat());
        if (replaced.length) on.onReplaced(replaced);
      })
      .catch(on.onError);
  }, PRESENCE_REFRESH_MS);
  look.unref();
  local.onChange = () => {
    presence.node = local.node;
    presence.changed();
  };
  void presence.publish();
  return {
    async list() {
      presence.node = local.node;
      const newest = new Map<string, ConnectedDisplay>();
      for (const d of [...(await presence.others(PRESENCE_TTL_MS)).flat(), ...local.list()]) {
        const seen = newest.get(d.id);
        if (!seen || seen.connectedAt <= d.connectedAt) newest.set(d.id, d);
      }
      return [...newest.values()];
    },
    stop: () => {
      clearInterval(look);
      return presence.stop();
    },
  };
}
