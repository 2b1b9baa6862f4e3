import type { Store } from '../store/store';

/** How often a node writes the last-use times it has seen to the store. */
export const USAGE_FLUSH_MS = 30_000;

/**
 * When each token was last used. A request costs one Map write; the times this node saw
 * since its last flush are written to the store every USAGE_FLUSH_MS (last write wins between
 * nodes), so the admin's list is right to within that interval and survives restarts.
 */
export class TokenUsage {
  private readonly seen = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  touch(tokenId: string): void {
    this.seen.set(tokenId, this.now());
    this.dirty.add(tokenId);
  }

  start(onError: (err: unknown) => void): void {
    this.timer ??= setInterval(() => this.flush().catch(onError), USAGE_FLUSH_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush().catch(() => undefined);
  }

  async flush(): Promise<void> {
    if (!this.dirty.size) return;
    const fields: Record<string, string> = {};
    for (const id of this.dirty) fields[id] = String(this.seen.get(id));
    this.dirty.clear();
    await this.store.putFields('token-usage', fields);
  }

  /** Token id -> last use (ms): what the store holds, overlaid with what this node saw since. */
  async all(): Promise<Map<string, number>> {
    const stored = await this.store.getFields('token-usage');
    const out = new Map(Object.entries(stored).map(([id, ms]) => [id, Number(ms)]));
    for (const [id, ms] of this.seen) out.set(id, Math.max(ms, out.get(id) ?? 0));
    return out;
  }
}
