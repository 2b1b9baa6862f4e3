import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Role, TokenCreateReq, TokenInfo } from '@shared/api';
import type { Store, TokenRecord } from '../store/store';
import { recordTokenChange, recordTokenChanges } from './token-log';
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
/** The writer of token changes the server makes by itself (the demo's tokens). */
export const SERVER_ID = 'server';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Issues, verifies and revokes tokens; secrets are 256 random bits, kept only as hashes.
 * Every issue and revocation is written into the event log first (see token-log.ts).
 */
export class Tokens {
  private readonly adminHash: Buffer | null;
  readonly usage: TokenUsage;

  constructor(
    private readonly store: Store,
    adminToken: string | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.adminHash = adminToken ? Buffer.from(hashToken(adminToken), 'hex') : null;
    this.usage = new TokenUsage(store, now);
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
      this.store,
      by,
      this.now(),
      made.map(({ record }) => ({ type: 'token.issued', tokenId: record.id, role: record.role, label: record.label, ...(record.unit !== null ? { tokenUnit: record.unit } : {}) })),
    );
    for (const { record } of made) await this.store.createToken(record);
    return made.map(({ token, record }) => ({ ...present(record, null), token }));
  }

  async verify(token: string | undefined): Promise<Principal | null> {
    if (!token) return null;
    const hash = hashToken(token);
    if (this.adminHash && timingSafeEqual(this.adminHash, Buffer.from(hash, 'hex'))) {
      this.usage.touch(BOOTSTRAP_ADMIN_ID);
      return { tokenId: BOOTSTRAP_ADMIN_ID, role: 'admin', unit: null, label: BOOTSTRAP_ADMIN_LABEL };
    }
    const record = await this.store.findToken(hash);
    if (!record) return null;
    this.usage.touch(record.id);
    return { tokenId: record.id, role: record.role, unit: record.unit, label: record.label };
  }

  async list(): Promise<TokenInfo[]> {
    const [all, used] = await Promise.all([this.store.listTokens(), this.usage.all()]);
    return all.map((r) => present(r, used.get(r.id) ?? null)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Revokes token `id` on behalf of token `by`; false when there is no such token. */
  async revoke(id: string, by: string = SERVER_ID): Promise<boolean> {
    const exists = (await this.store.listTokens()).some((t) => t.id === id);
    if (!exists) return false;
    await recordTokenChange(this.store, by, this.now(), { type: 'token.revoked', tokenId: id });
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
