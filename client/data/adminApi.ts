import { z } from 'zod';
import type { AuditPage, HealthReport, Me } from '@shared/admin';
import { TokenInfoSchema, TokenIssuedSchema, type TokenCreateReq, type TokenInfo } from '@shared/api';
import { ProvinceConfigSchema, type ProvinceConfig } from '@shared/config';
import { AuditPageSchema, HealthReportSchema, MeSchema, NoContentSchema } from './answers';
import { call, type CallOptions } from '@shared/call';

export interface AuditFilter {
  unit?: string;
  token?: string;
  type?: string;
  from?: string;
  to?: string;
}

const TokensAnswerSchema = z.object({ tokens: z.array(TokenInfoSchema) });

/** What the admin page calls: tokens, the audit trail, health, the config. */
export class AdminApi {
  constructor(private readonly options: CallOptions) {}

  me(): Promise<Me> {
    return call(MeSchema, this.options, { path: '/api/v1/me' });
  }

  async tokens(): Promise<TokenInfo[]> {
    return (await call(TokensAnswerSchema, this.options, { path: '/api/v1/tokens' })).tokens;
  }

  issue(req: TokenCreateReq): Promise<TokenInfo & { token: string }> {
    return call(TokenIssuedSchema, this.options, { method: 'POST', path: '/api/v1/tokens', body: req });
  }

  async revoke(id: string): Promise<void> {
    await call(NoContentSchema, this.options, { method: 'DELETE', path: `/api/v1/tokens/${encodeURIComponent(id)}` });
  }

  /** A page of the audit trail, newest first; `before` continues from a page's `next`. */
  audit(filter: AuditFilter, before?: number, limit = 50): Promise<AuditPage> {
    const q = new URLSearchParams({ limit: String(limit) });
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    if (before !== undefined) q.set('before', String(before));
    return call(AuditPageSchema, this.options, { path: `/api/v1/audit?${q.toString()}` });
  }

  health(): Promise<HealthReport> {
    return call(HealthReportSchema, this.options, { path: '/api/v1/health' });
  }

  config(): Promise<ProvinceConfig> {
    return call(ProvinceConfigSchema, this.options, { path: '/api/v1/config' });
  }
}
