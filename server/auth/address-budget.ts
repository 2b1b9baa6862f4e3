import { rateLimited, type AppError } from '@shared/errors';

/** Unknown-token answers (401) allowed per client address per second before it gets 429 instead (the contract's figure). */
export const AUTH_FAILURES_PER_SECOND = 20;

/**
 * How many failed authentications each client address has had this second (one-second windows,
 * forgotten as each ends, so memory is bounded by one second of traffic). Shared by HTTP and
 * Socket.IO handshakes. Keys are addresses, never tokens.
 */
export class AddressBudget {
  private window = 0;
  private failures = new Map<string, number>();

  /** `perSecond` 0 turns the budget off. */
  constructor(
    readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True once `address` has used its failures for this second: verify nothing more from it. */
  exhausted(address: string): boolean {
    return this.perSecond > 0 && (this.current().get(address) ?? 0) >= this.perSecond;
  }

  /** Counts one failed authentication against `address`. */
  fail(address: string): void {
    if (this.perSecond <= 0) return;
    const failures = this.current();
    failures.set(address, (failures.get(address) ?? 0) + 1);
  }

  /** The 429 an exhausted address gets, with the seconds until its budget is back. */
  refusal(): AppError {
    return rateLimited(`More than ${this.perSecond} requests with unknown tokens per second from this address; slow down.`, (1_000 - (this.now() % 1_000)) / 1_000);
  }

  private current(): Map<string, number> {
    const window = Math.floor(this.now() / 1_000);
    if (window !== this.window) {
      this.window = window;
      this.failures = new Map();
    }
    return this.failures;
  }
}
