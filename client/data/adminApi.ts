import type { AuditPage, HealthReport, Me } from '@shared/admin';
import type { TokenCreateReq, TokenInfo } from '@shared/api';
import type { ProvinceConfig } from '@shared/config';
import { call, type CallOptions } from './request';

export interface AuditFilter {
  unit?: string;
  token?: string;
  type?: string;
  from?: string;
  to?: string;
}

/** What the admin page calls: tokens, the audit trail, health, the config. */
export class AdminApi {
  constructor(private readonly options: CallOptions) {}

  me(): Promise<Me> {
    return call<Me>(this.options, 'GET', '/api/v1/me');
  }

  async tokens(): Promise<TokenInfo[]> {
    return (await call<{ tokens: TokenInfo[] }>(this.options, 'GET', '/api/v1/tokens')).tokens;
  }

  issue(req: TokenCreateReq): Promise<TokenInfo & { token: string }> {
    return call(this.options, 'POST', '/api/v1/tokens', req);
  }

  revoke(id: string): Promise<void> {
    return call(this.options, 'DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`);
  }

  /** A page of the audit trail, newest first; `before` continues from a page's `next`. */
  audit(filter: AuditFilter, before?: number, limit = 50): Promise<AuditPage> {
    const q = new URLSearchParams({ limit: String(limit) });
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    if (before !== undefined) q.set('before', String(before));
    return call(this.options, 'GET', `/api/v1/audit?${q.toString()}`);
  }

  health(): Promise<HealthReport> {
    return call(this.options, 'GET', '/api/v1/health');
  }

  config(): Promise<ProvinceConfig> {
    return call(this.options, 'GET', '/api/v1/config');
  }
}
