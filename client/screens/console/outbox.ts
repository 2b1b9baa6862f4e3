import type { IocEvent } from '@shared/events';
import type { WriteFailure, WriteResult } from '../../data/unitApi';

/** The most submissions kept waiting; past it the console refuses new ones rather than grow without end. */
export const MAX_WAITING = 200;
/** Waits between automatic retries: doubling from the first, up to the last. */
export const RETRY_MS = [2_000, 4_000, 8_000, 15_000, 30_000];

export interface OutboxEntry {
  /** Fixed when submitted, with the events' ids: a retry sends exactly the same batch. */
  key: string;
  /** What it is, for the list of waiting submissions. */
  label: string;
  events: IocEvent[];
  createdAt: number;
  attempts: number;
  /** Why the last attempt failed, while it waits for the next. */
  lastFailure: WriteFailure | null;
}

/** What became of a submission, once known. */
export type Fate = { state: 'stored'; seqs: number[]; duplicates: number; duplicateIds: string[] } | { state: 'waiting'; failure: WriteFailure } | { state: 'refused'; failure: Extract<WriteFailure, { kind: 'refused' }> } | { state: 'unauthorized' };

export interface OutboxOptions {
  storage: Storage;
  /** The storage key: one outbox per token, so one browser's queues never mix units. */
  key: string;
  send: (events: IocEvent[]) => Promise<WriteResult>;
  now?: () => number;
}

/**
 * Submissions waiting to be stored, kept in the browser (they survive a reload) and sent in
 * order, one batch at a time, each acknowledged before the next. A failure that may pass later
 * (offline, timeout, 503, 429) keeps the entry and retries it with the same event ids, so the
 * server stores it once however often it is sent; a refusal (400, 403, 409) takes it out.
 */
export class Outbox {
  private list: OutboxEntry[];
  private readonly fates = new Map<string, Fate>();
  private readonly waiters = new Map<string, ((fate: Fate) => void)[]>();
  private readonly listeners = new Set<() => void>();
  private flushing: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly options: OutboxOptions) {
    this.list = load(options.storage, options.key);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Entries still waiting, oldest first (a new array after every change). */
  entries = (): OutboxEntry[] => this.list;

  fate(key: string): Fate | undefined {
    return this.fates.get(key);
  }

  /** Queues a batch and tries to send it (after anything older); `outcome` resolves with its first outcome. Null when the queue is full. */
  submit(label: string, events: IocEvent[]): { key: string; outcome: Promise<Fate> } | null {
    if (this.list.length >= MAX_WAITING) return null;
    const key = `${(this.options.now ?? Date.now)()}-${Math.random().toString(36).slice(2, 10)}`;
    this.change([...this.list, { key, label, events, createdAt: (this.options.now ?? Date.now)(), attempts: 0, lastFailure: null }]);
    const outcome = this.next(key);
    void this.flush();
    return { key, outcome };
  }

  /** Resolves with the next outcome of entry `key`. */
  next(key: string): Promise<Fate> {
    return new Promise((resolve) => this.waiters.set(key, [...(this.waiters.get(key) ?? []), resolve]));
  }

  /** Sends what waits, in order, stopping at the first failure that may pass later. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flushing ??= this.drain().finally(() => (this.flushing = null));
    return this.flushing;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.list.length) {
      const entry = this.list[0]!;
      const result = await this.options.send(entry.events);
      if (result.ok) {
        this.change(this.list.slice(1));
        this.settle(entry.key, { state: 'stored', seqs: [...result.answer.accepted, ...result.answer.duplicates].map((r) => r.seq), duplicates: result.answer.duplicates.length, duplicateIds: result.answer.duplicates.map((r) => r.id) });
        continue;
      }
      if (result.kind === 'refused') {
        this.change(this.list.slice(1));
        this.settle(entry.key, { state: 'refused', failure: result });
        continue;
      }
      const attempts = entry.attempts + 1;
      this.change([{ ...entry, attempts, lastFailure: result }, ...this.list.slice(1)]);
      if (result.kind === 'unauthorized') {
        // A revoked token: nothing will pass; the entries stay for a new token to send.
        for (const e of this.list) this.settle(e.key, { state: 'unauthorized' });
        return;
      }
      for (const e of this.list) this.settle(e.key, { state: 'waiting', failure: result });
      const wait = Math.max(result.retryAfterMs ?? 0, RETRY_MS[Math.min(attempts, RETRY_MS.length) - 1]!);
      this.timer = setTimeout(() => void this.flush(), wait);
      return;
    }
  }

  private settle(key: string, fate: Fate): void {
    this.fates.set(key, fate);
    if (this.fates.size > MAX_WAITING * 2) this.fates.delete(this.fates.keys().next().value!);
    const waiting = this.waiters.get(key) ?? [];
    this.waiters.delete(key);
    for (const resolve of waiting) resolve(fate);
    this.notify();
  }

  private change(list: OutboxEntry[]): void {
    this.list = list;
    try {
      this.options.storage.setItem(this.options.key, JSON.stringify(list));
    } catch {
      // Storage full or disabled: the queue still works until the page is closed.
    }
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}

function load(storage: Storage, key: string): OutboxEntry[] {
  try {
    const parsed = JSON.parse(storage.getItem(key) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as OutboxEntry[]) : [];
  } catch {
    return [];
  }
}
