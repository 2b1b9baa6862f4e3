import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogOf } from '@shared/catalog';
import { canonicalEvent, EventSchema } from '@shared/events';
import { loadProvinceConfig } from '../../server/config/load';
import { EmbeddedStore } from '../../server/store/embedded';
import { contentHash } from '../../server/store/hash';
import type { PendingEvent } from '../../server/store/store';

/** The demo province, as the follower and the fan-out see it. */
export const demoCatalog = catalogOf(loadProvinceConfig());

/** `n` valid note events ready to append, with ids no other call shares. */
export function notes(n: number): PendingEvent[] {
  const tag = randomUUID();
  return Array.from({ length: n }, (_, i) => {
    const event = EventSchema.parse({ id: `${tag}-${i}`, type: 'note.posted', unit: 'dic', at: new Date().toISOString(), text: `note ${i}`, severity: 'info' });
    return { event, by: 'test', hash: contentHash(canonicalEvent(event)) };
  });
}

/** A real embedded store in a fresh temporary directory; `dispose` closes it and removes the directory. */
export async function tempEmbeddedStore(): Promise<{ store: EmbeddedStore; dispose: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-log-'));
  const store = new EmbeddedStore(dir);
  await store.open();
  return {
    store,
    async dispose() {
      try {
        await store.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `predicate` holds, checking every 20 ms; fails after `ms` naming `what`. */
export async function until(predicate: () => boolean, what: string, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}
