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

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues, verifies and revokes tokens; secrets are 256 random bits, kept only as hashes. */
export class Tokens {
  private readonly adminHash: Buffer | null;

  constructor(
    private readonly store: Store,
    adminToken: string | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.adminHash = adminToken ? Buffer.from(hashToken(adminToken), 'hex') : null;
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
    if (this.adminHash && timingSafeEqual(this.adminHash, Buffer.from(hash, 'hex'))) return { tokenId: BOOTSTRAP_ADMIN_ID, role: 'admin', unit: null };
    const record = await this.store.findToken(hash);
    return record ? { tokenId: record.id, role: record.role, unit: record.unit } : null;
  }

  async list(): Promise<TokenInfo[]> {
    const all = await this.store.listTokens();
    return all.map(present).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  revoke(id: string): Promise<boolean> {
    return this.store.revokeToken(id);
  }
}

function present(record: TokenRecord): TokenInfo {
  return { id: record.id, role: record.role, unit: record.unit, label: record.label, createdAt: record.createdAt };
}
