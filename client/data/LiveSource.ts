import type { LiveClient } from './LiveClient';
import type { SourceView, StateSource } from './source';

/**
 * The live client as a state source: it tells its listeners only when the data changed
 * (config, projection, epoch), not when the connection's status or heartbeat did.
 */
export class LiveSource implements StateSource {
  private view: SourceView;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(private readonly client: LiveClient) {
    this.view = dataOf(client);
    this.unsubscribe = client.subscribe(() => {
      const v = client.getView();
      if (v.version === this.view.version && v.catalog === this.view.catalog && v.projection === this.view.projection && v.epoch === this.view.epoch) return;
      this.view = dataOf(client);
      for (const listener of this.listeners) listener();
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getView = (): SourceView => this.view;

  now = (): number => this.client.now();

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}

function dataOf(client: LiveClient): SourceView {
  const { catalog, projection, epoch, version } = client.getView();
  return { catalog, projection, epoch, version, pinnedAt: null };
}
