import { ErrorBodySchema, type ErrorDetail } from '@shared/errors';
import { ApiError } from './api';

/** An ApiError with the contract's `details` (which field of which event is wrong). */
export class CallError extends ApiError {
  constructor(base: ApiError, readonly details: ErrorDetail[]) {
    super(base.code, base.status, base.message, base.retryAfterMs);
  }
}

/** How long a call may take before it counts as lost (it is then retried with the same content). */
export const CALL_TIMEOUT_MS = 15_000;

export interface CallOptions {
  token: string;
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** One JSON call with the screen's token: the parsed answer, or an ApiError with the contract's code (`network` when no answer came). */
export async function call<T>(options: CallOptions, method: string, path: string, body?: unknown): Promise<T> {
  const fetcher = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await fetcher(`${options.baseUrl ?? ''}${path}`, {
      method,
      headers: { authorization: `Bearer ${options.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
  } catch (err) {
    const timeout = err instanceof DOMException && err.name === 'TimeoutError';
    throw new ApiError('network', 0, timeout ? 'timeout' : `No answer from the server: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!res.ok) throw await callErrorOf(res);
  if (res.status === 204) return undefined as T;
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError('bad_answer', res.status, 'The server answered with something that is not JSON.');
  }
}

async function callErrorOf(res: Response): Promise<CallError> {
  const seconds = Number(res.headers.get('retry-after'));
  const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: a proxy's page
  }
  const parsed = ErrorBodySchema.safeParse(body);
  if (parsed.success) return new CallError(new ApiError(parsed.data.error.code, res.status, parsed.data.error.message, retryAfterMs), parsed.data.error.details ?? []);
  const code = res.status === 401 ? 'unauthorized' : res.status === 503 ? 'store_unavailable' : res.status === 429 ? 'rate_limited' : 'internal';
  return new CallError(new ApiError(code, res.status, `HTTP ${res.status}`, retryAfterMs), []);
}
