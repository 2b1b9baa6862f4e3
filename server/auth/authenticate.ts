import { unauthorized } from '@shared/errors';
import type { AddressBudget } from './address-budget';
import type { Principal, Tokens } from './tokens';

/**
 * Store lookups of tokens this node has not verified lately, in flight at once per client
 * address. Enough for an operations room behind one NAT address to reconnect quickly (lookups
 * take a fraction of a millisecond each); few enough that a burst of made-up tokens costs at most
 * this many lookups before the address's failure budget is known to be spent.
 */
export const LOOKUPS_IN_FLIGHT_PER_ADDRESS = 64;
/**
 * Requests waiting for a lookup slot per address. It only needs to hold a room's displays
 * reconnecting at once after a node restart (thousands behind one NAT address); beyond it an
 * address is flooding and gets 429.
 */
export const QUEUED_PER_ADDRESS = 4_096;

export interface AuthenticatorHooks {
  /** One token looked up in the store; `found` false for an unknown or revoked token. */
  onLookup?: (found: boolean) => void;
  /** One request refused because its address spent its failure budget (or flooded its queue). */
  onRateLimited?: () => void;
}

interface Lane {
  inFlight: number;
  /** Requests waiting for a slot, woken in arrival order. */
  waiting: (() => void)[];
}

/**
 * The one authentication of HTTP requests and Socket.IO handshakes: a bearer token from a client
 * address becomes a Principal, or an `unauthorized` / `rate_limited` AppError (a store error is
 * thrown as it is). Rules, per address (the address is `req.ip`, which believes X-Forwarded-For
 * from trusted proxies only):
 * - an unknown, revoked or missing token spends one unit of the address's failure budget
 *   (AUTH_FAILURES_PER_SECOND); a valid token never spends any;
 * - once the budget is spent, a token this node verified lately (Tokens.verifyRecent) still
 *   passes without the store, and any other gets 429 without a lookup;
 * - at most LOOKUPS_IN_FLIGHT_PER_ADDRESS lookups run at once; the rest wait in a queue and are
 *   refused without a lookup if the budget was spent meanwhile. The budget is charged when each
 *   lookup answers, so without this limit a burst would all pass the check before the first
 *   charge; with it a burst costs at most the in-flight limit plus the budget.
 */
export class Authenticator {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly tokens: Tokens,
    readonly budget: AddressBudget,
    private readonly hooks: AuthenticatorHooks = {},
  ) {}

  async authenticate(token: string | undefined, address: string): Promise<Principal> {
    if (this.budget.exhausted(address)) return this.withoutStore(token);
    if (!token) {
      this.budget.fail(address);
      throw unauthorized();
    }
    const lane = this.lanes.get(address) ?? { inFlight: 0, waiting: [] };
    this.lanes.set(address, lane);
    if (lane.inFlight < LOOKUPS_IN_FLIGHT_PER_ADDRESS) lane.inFlight += 1;
    else {
      if (lane.waiting.length >= QUEUED_PER_ADDRESS) {
        this.hooks.onRateLimited?.();
        throw this.budget.refusal();
      }
      // The slot is handed over by the lookup that frees it (see release), so inFlight stays counted.
      await new Promise<void>((resolve) => lane.waiting.push(resolve));
    }
    try {
      if (this.budget.exhausted(address)) return this.withoutStore(token);
      const principal = await this.tokens.verify(token);
      this.hooks.onLookup?.(principal !== null);
      if (principal) return principal;
      this.budget.fail(address);
      throw unauthorized();
    } finally {
      this.release(address, lane);
    }
  }

  /** Lookups waiting or running, for tests and the health of this node. */
  pending(address: string): number {
    const lane = this.lanes.get(address);
    return lane ? lane.inFlight + lane.waiting.length : 0;
  }

  /** Over budget: only the bootstrap admin and tokens verified here lately pass. */
  private withoutStore(token: string | undefined): Principal {
    const known = this.tokens.verifyRecent(token);
    if (known) return known;
    this.hooks.onRateLimited?.();
    throw this.budget.refusal();
  }

  private release(address: string, lane: Lane): void {
    const next = lane.waiting.shift();
    if (next) return next();
    lane.inFlight -= 1;
    if (lane.inFlight === 0) this.lanes.delete(address);
  }
}
