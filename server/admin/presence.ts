import { hostname } from 'node:os';
import type { NodeHealth } from '@shared/admin';
import type { LogFollower } from '../log/follower';
import type { Store } from '../store/store';

/** How often each node writes its own line to the store's `nodes` table. */
export const PRESENCE_EVERY_MS = 10_000;
/** A node not heard from for this long is left out of the health page. */
export const NODE_FRESH_MS = 30_000;

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

/**
 * Writes this node's line (displays, lag) to the store every PRESENCE_EVERY_MS, so the health
 * page of any node can list every node. Times are real time: presence is about processes, not data.
 */
export function startPresence(id: string, deps: PresenceDeps, onError: (err: unknown) => void): () => void {
  const publish = () => {
    if (!deps.store.ready()) return;
    deps.store.putFields('nodes', { [id]: JSON.stringify(nodeHealth(id, deps)) }).catch(onError);
  };
  publish();
  const timer = setInterval(publish, PRESENCE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Every node heard from lately, this one as it is now. */
export async function freshNodes(self: NodeHealth, store: Store, now = Date.now()): Promise<NodeHealth[]> {
  const table = await store.getFields('nodes');
  const others = Object.entries(table)
    .filter(([id]) => id !== self.id)
    .map(([, json]) => JSON.parse(json) as NodeHealth)
    .filter((n) => now - Date.parse(n.at) <= NODE_FRESH_MS);
  return [self, ...others].sort((a, b) => a.id.localeCompare(b.id));
}
