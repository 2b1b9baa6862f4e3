import type { z } from 'zod';
import { ErrorBodySchema, type ErrorCode, type ErrorDetail } from '@shared/errors';

// The one HTTP call every screen, client module and the import command makes: a timeout, the answer parsed with a
// schema, and one mapping from what came back to a contract code.

/** Why a call failed: the contract's error code, or `network` (no answer in time) or `bad_answer` (an answer that does not parse). */
export type ApiErrorCode = ErrorCode | 'network' | 'bad_answer';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    message: string,
    /** From `Retry-After` (429, 503), in ms. */
    readonly retryAfterMs: number | null = null,
    /** The contract's details: which field of which event is wrong. */
    readonly details: ErrorDetail[] = [],
    /** True when no answer came because the call took longer than CALL_TIMEOUT_MS. */
    readonly timedOut = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** How long a call may take before it counts as lost (a write is then retried with the same content). */
export const CALL_TIMEOUT_MS = 15_000;

export interface CallOptions {
  token: string;
  /** Where the server is; the page's own origin by default. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export interface CallRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Sent as JSON. */
  body?: unknown;
}

/** One JSON call with the screen's token: the answer parsed by `schema`, or an ApiError. */
export async function call<S extends z.ZodType>(schema: S, options: CallOptions, request: CallRequest): Promise<z.infer<S>> {
  return (await exchange(schema, options, request)).body;
}

/** As `call`, with the answer's headers (e.g. `X-Config-Version`). */
export async function exchange<S extends z.ZodType>(schema: S, options: CallOptions, request: CallRequest): Promise<{ body: z.infer<S>; headers: Headers }> {
  const { method = 'GET', path, body } = request;
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
    const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
    throw new ApiError('network', 0, timedOut ? 'timeout' : `No answer from the server: ${err instanceof Error ? err.message : String(err)}`, null, [], timedOut);
  }
  if (!res.ok) throw await errorOf(res);
  let answer: unknown;
  try {
    answer = res.status === 204 ? undefined : await res.json();
  } catch {
    throw new ApiError('bad_answer', res.status, 'The server answered with something that is not JSON.');
  }
  const parsed = schema.safeParse(answer);
  if (!parsed.success) throw new ApiError('bad_answer', res.status, `Unexpected answer: ${parsed.error.issues[0]?.message ?? 'wrong shape'}`);
  return { body: parsed.data, headers: res.headers };
}

/** The code a status means when the answer has no contract body (a proxy's page, an old server). */
const STATUS_CODES: Record<number, ErrorCode> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 413: 'payload_too_large', 429: 'rate_limited', 503: 'store_unavailable' };

/** The contract's error from an answer that is not 2xx. */
export async function errorOf(res: Response): Promise<ApiError> {
  const seconds = Number(res.headers.get('retry-after'));
  const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: a proxy's page or an empty body
  }
  const parsed = ErrorBodySchema.safeParse(body);
  if (parsed.success) return new ApiError(parsed.data.error.code, res.status, parsed.data.error.message, retryAfterMs, parsed.data.error.details ?? []);
  return new ApiError(STATUS_CODES[res.status] ?? 'internal', res.status, `HTTP ${res.status}`, retryAfterMs);
}
