import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Role, TokenCreateReq, TokenInfo } from '@shared/api';
import type { AppendDeps } from '../commands/append';
import type { Store, TokenRecord } from '../store/store';
import { recordTokenChanges } from './token-log';
import { TokenUsage } from './usage';

/** Who is calling: a token's id, role, (for unit tokens) unit, and label. */
export interface Principal {
  tokenId: string;
  role: Role;
  unit: string | null;
  label?: string;
}

export const BOOTSTRAP_ADMIN_ID = 'bootstrap-admin';
export const BOOTSTRAP_ADMIN_LABEL = 'IOC_ADMIN_TOKEN (bootstrap admin)';
const ADMIN: Principal = Object.freeze({ tokenId: BOOTSTRAP_ADMIN_ID, role: 'admin', unit: null, label: BOOTSTRAP_ADMIN_LABEL });
/** The writer of token changes the server makes by itself (the demo's tokens). */
export const SERVER_ID = 'server';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** How long a successful verification lets the same token through without the store while its address is over budget. */
export const RECENT_MS = 5 * 60_000;
/** The most recently verified tokens remembered (by hash). */
const MAX_RECENT = 10_000;

/**
 * Issues, verifies and revokes tokens; secrets are 256 random bits, kept only as hashes.
 * Every issue and revocation is written into the event log first (see token-log.ts).
 */
export class Tokens {
  private readonly adminHash: Buffer | null;
  readonly usage: TokenUsage;
  /** Hash -> who and when, for tokens this node verified lately; revoked ones are dropped at once. */
  private readonly recent = new Map<string, { principal: Principal; at: number }>();
  private readonly store: Store;
  private readonly now: () => number;

  /** `log`: where token changes are written (the store, its clock, this node's follower). */
  constructor(
    private readonly log: AppendDeps,
    adminToken: string | undefined,
  ) {
    this.store = log.store;
    this.now = () => log.clock.now();
    this.adminHash = adminToken ? Buffer.from(hashToken(adminToken), 'hex') : null;
    this.usage = new TokenUsage(this.store, this.now);
    this.store.onTokenRevoked((id) => this.forget(id));
  }

  /** Issues a token for `req`, on behalf of token `by`. */
  async issue(req: TokenCreateReq, by: string = SERVER_ID): Promise<TokenInfo & { token: string }> {
    const [issued] = await this.issueMany([req], by);
    return issued!;
  }

  /** Issues several tokens, their issues recorded in one write to the log (the demo issues dozens at start). */
  async issueMany(reqs: TokenCreateReq[], by: string = SERVER_ID): Promise<(TokenInfo & { token: string })[]> {
    const made = reqs.map((req) => {
      const token = `ioc_${randomBytes(32).toString('base64url')}`;
      const record: TokenRecord = { id: randomUUID(), hash: hashToken(token), role: req.role, unit: req.unit ?? null, label: req.label, createdAt: new Date(this.now()).toISOString() };
      return { token, record };
    });
    await recordTokenChanges(
      this.log,
      by,
      made.map(({ record }) => ({ type: 'token.issued', tokenId: record.id, role: record.role, label: record.label, ...(record.unit !== null ? { tokenUnit: record.unit } : {}) })),
    );
    for (const { record } of made) await this.store.createToken(record);
    return made.map(({ token, record }) => ({ ...present(record, null), token }));
  }

  async verify(token: string | undefined): Promise<Principal | null> {
    if (!token) return null;
    const hash = hashToken(token);
    if (this.isAdmin(hash)) {
      this.usage.touch(BOOTSTRAP_ADMIN_ID);
      return ADMIN;
    }
    const record = await this.store.findToken(hash);
    if (!record) return null;
    this.usage.touch(record.id);
    const principal: Principal = { tokenId: record.id, role: record.role, unit: record.unit, label: record.label };
    this.recent.delete(hash);
    this.recent.set(hash, { principal, at: this.now() });
    if (this.recent.size > MAX_RECENT) this.recent.delete(this.recent.keys().next().value!);
    return principal;
  }

  /**
   * Verifies without the store: the bootstrap admin token, or one this node verified within
   * RECENT_MS and has not seen revoked. For clients whose address is over its budget of unknown
   * tokens, so that a known client behind the same address keeps working while guesses cost nothing.
   */
  verifyRecent(token: string | undefined): Principal | null {
    if (!token) return null;
    const hash = hashToken(token);
    if (this.isAdmin(hash)) return ADMIN;
    const seen = this.recent.get(hash);
    return seen && this.now() - seen.at <= RECENT_MS ? seen.principal : null;
  }

  private isAdmin(hash: string): boolean {
    return this.adminHash !== null && timingSafeEqual(this.adminHash, Buffer.from(hash, 'hex'));
  }

  private forget(id: string): void {
    for (const [hash, seen] of this.recent) if (seen.principal.tokenId === id) this.recent.delete(hash);
  }

  async list(): Promise<TokenInfo[]> {
    const [all, used] = await Promise.all([this.store.listTokens(), this.usage.all()]);
    return all.map((r) => present(r, used.get(r.id) ?? null)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Revokes token `id` on behalf of token `by`; false when there is no such token. */
  async revoke(id: string, by: string = SERVER_ID): Promise<boolean> {
    const exists = (await this.store.listTokens()).some((t) => t.id === id);
    if (!exists) return false;
    await recordTokenChanges(this.log, by, [{ type: 'token.revoked', tokenId: id }]);
    this.forget(id);
    return this.store.revokeToken(id);
  }
}

function present(record: TokenRecord, lastUsed: number | null): TokenInfo {
  return {
    id: record.id,
    role: record.role,
    unit: record.unit,
    label: record.label,
    createdAt: record.createdAt,
    lastUsedAt: lastUsed === null ? null : new Date(lastUsed).toISOString(),
  };
}
