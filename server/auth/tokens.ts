import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Role, TokenCreateReq, TokenInfo } from '@shared/api';
import type { Store, TokenRecord } from '../store/store';

/** Who is calling: a token's id, role and (for unit tokens) unit. */
export interface Principal {
  tokenId: string;
  role: Role;
  unit: string | null;
}

export const BOOTSTRAP_ADMIN_ID = 'bootstrap-admin';
const ADMIN: Principal = Object.freeze({ tokenId: BOOTSTRAP_ADMIN_ID, role: 'admin', unit: null });

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** How long a successful verification lets the same token through without the store while its address is over budget. */
export const RECENT_MS = 5 * 60_000;
/** The most recently verified tokens remembered (by hash). */
const MAX_RECENT = 10_000;

/** Issues, verifies and revokes tokens; secrets are 256 random bits, kept only as hashes. */
export class Tokens {
  private readonly adminHash: Buffer | null;
  /** Hash -> who and when, for tokens this node verified lately; revoked ones are dropped at once. */
  private readonly recent = new Map<string, { principal: Principal; at: number }>();

  constructor(
    private readonly store: Store,
    adminToken: string | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.adminHash = adminToken ? Buffer.from(hashToken(adminToken), 'hex') : null;
    store.onTokenRevoked((id) => this.forget(id));
  }

  async issue(req: TokenCreateReq): Promise<TokenInfo & { token: string }> {
    const token = `ioc_${randomBytes(32).toString('base64url')}`;
    const record: TokenRecord = {
      id: randomUUID(),
      hash: hashToken(token),
      role: req.role,
      unit: req.unit ?? null,
      label: req.label,
      createdAt: new Date(this.now()).toISOString(),
    };
    await this.store.createToken(record);
    return { ...present(record), token };
  }

  async verify(token: string | undefined): Promise<Principal | null> {
    if (!token) return null;
    const hash = hashToken(token);
    if (this.isAdmin(hash)) return ADMIN;
    const record = await this.store.findToken(hash);
    if (!record) return null;
    const principal: Principal = { tokenId: record.id, role: record.role, unit: record.unit };
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
    const all = await this.store.listTokens();
    return all.map(present).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  revoke(id: string): Promise<boolean> {
    this.forget(id);
    return this.store.revokeToken(id);
  }
}

function present(record: TokenRecord): TokenInfo {
  return { id: record.id, role: record.role, unit: record.unit, label: record.label, createdAt: record.createdAt };
}
