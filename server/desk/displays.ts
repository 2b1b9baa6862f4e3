import type { ConnectedDisplay } from '@shared/api';
import type { DisplayHello } from '@shared/protocol';

export type { ConnectedDisplay };

/** Every wall connected to any node. */
export interface DisplayDirectory {
  list(): Promise<ConnectedDisplay[]>;
  stop(): Promise<void>;
}

/**
 * The walls connected to this node, by socket id. `onChange` fires after every change, so a
 * directory shared between nodes can publish the list (it debounces).
 */
export class LocalDisplays {
  private readonly bySocket = new Map<string, ConnectedDisplay>();
  onChange: () => void = () => {};

  constructor(
    /** This node's name; set once the node knows its port. */
    public node: string,
    private readonly now: () => number = Date.now,
  ) {}

  add(socketId: string, hello: DisplayHello): void {
    const at = new Date(this.now()).toISOString();
    this.bySocket.set(socketId, { id: hello.id, label: hello.label, screen: hello.screen, page: hello.page ?? null, node: this.node, connectedAt: at, lastSeenAt: at });
    this.onChange();
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

  remove(socketId: string): void {
    if (this.bySocket.delete(socketId)) this.onChange();
  }

  list(): ConnectedDisplay[] {
    return [...this.bySocket.values()].map((d) => ({ ...d }));
  }
}

/** One node alone (the embedded store): the walls are the ones connected here. */
export function localDirectory(local: LocalDisplays): DisplayDirectory {
  return { list: async () => local.list(), stop: async () => {} };
}
