import type { AuditPage, Me } from '@shared/admin';
import type { ErrorDetail } from '@shared/errors';
import { AppendResponseSchema, type AppendResponse, type IocEvent } from '@shared/events';
import { AuditPageSchema, MeSchema } from './answers';
import { ApiError, call, type CallOptions } from '@shared/call';

/** Why a write did not land: retried later with the same ids (`retry`), or refused for good (`refused`, with the contract's details). */
export type WriteFailure =
  | { kind: 'retry'; reason: 'offline' | 'timeout' | 'unavailable' | 'rate_limited'; retryAfterMs: number | null }
  | { kind: 'refused'; code: string; message: string; details: ErrorDetail[] }
  | { kind: 'unauthorized' };

export type WriteResult = { ok: true; answer: AppendResponse } | ({ ok: false } & WriteFailure);

/** What a unit's console calls: who it is, its writes, its history. */
export class UnitApi {
  constructor(private readonly options: CallOptions) {}

  me(): Promise<Me> {
    return call(MeSchema, this.options, { path: '/api/v1/me' });
  }

  /** Posts a batch; never throws: a failure says whether sending the same events again may succeed. */
  async write(events: IocEvent[]): Promise<WriteResult> {
    try {
      return { ok: true, answer: await call(AppendResponseSchema, this.options, { method: 'POST', path: '/api/v1/events', body: { events } }) };
    } catch (err) {
      return { ok: false, ...failureOf(err) };
    }
  }

  /** The unit's own history, newest first (`before` pages back). */
  history(before?: number, limit = 50): Promise<AuditPage> {
    return call(AuditPageSchema, this.options, { path: `/api/v1/audit?limit=${limit}${before !== undefined ? `&before=${before}` : ''}` });
  }
}

/** Whether sending the same content again may succeed, and why not; the one reading of a failed write. */
export function failureOf(err: unknown): WriteFailure {
  if (!(err instanceof ApiError)) return { kind: 'retry', reason: 'offline', retryAfterMs: null };
  if (err.code === 'network') return { kind: 'retry', reason: err.timedOut ? 'timeout' : 'offline', retryAfterMs: null };
  if (err.code === 'store_unavailable' || err.code === 'internal' || err.status >= 500 || err.code === 'bad_answer') return { kind: 'retry', reason: 'unavailable', retryAfterMs: err.retryAfterMs };
  if (err.code === 'rate_limited') return { kind: 'retry', reason: 'rate_limited', retryAfterMs: err.retryAfterMs };
  if (err.code === 'unauthorized') return { kind: 'unauthorized' };
  return { kind: 'refused', code: err.code, message: err.message, details: err.details };
}
