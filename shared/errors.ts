import { z } from 'zod';

export const ERROR_CODES = [
  'invalid_event',
  'invalid_request',
  'id_conflict',
  'unauthorized',
  'forbidden',
  'not_found',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'store_unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * What is wrong with one field: `message` in English (logs, scripts), and, where the check gives
 * one, a `code` with `params` that screens render from their locale files.
 */
export const ErrorDetailSchema = z.object({ path: z.string(), message: z.string(), code: z.string().optional(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() });
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;

export const ErrorBodySchema = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), details: z.array(ErrorDetailSchema).optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** The HTTP status each error code is answered with. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  invalid_event: 400,
  invalid_request: 400,
  id_conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  store_unavailable: 503,
  internal: 500,
};

/** Turns zod issues into contract details, each path prefixed (e.g. `events.3`). */
export function detailsOf(error: z.ZodError, prefix: (string | number)[] = []): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.') || '(body)',
    message: issue.message,
    ...issueCode(issue),
  }));
}

/** A zod issue's code and parameters for the locale files (see shared/problems.ts); a refinement's own words have none. */
function issueCode(issue: z.core.$ZodIssue): { code?: string; params?: Record<string, string | number> } {
  if (issue.code === 'too_big') return { code: 'too_big', params: { maximum: Number(issue.maximum) } };
  if (issue.code === 'too_small') return { code: 'too_small', params: { minimum: Number(issue.minimum) } };
  if (issue.code === 'invalid_type') return { code: 'invalid_type', params: { expected: issue.expected } };
  if (issue.code === 'invalid_format') return { code: 'invalid_format', params: { format: issue.format } };
  if (issue.code === 'invalid_value') return { code: 'invalid_value', params: { values: issue.values.map(String).join(', ') } };
  if (issue.code === 'unrecognized_keys') return { code: 'unrecognized_keys', params: { keys: issue.keys.join(', ') } };
  // A refinement names its code in its params (`refine(..., { params: { code } })`).
  if (issue.code === 'custom' && typeof issue.params?.code === 'string') return { code: issue.params.code, params: {} };
  return {};
}

/**
 * An error with a contract code, thrown by commands and handlers and carried to the caller as is:
 * each transport maps `code` to its own answer (HTTP: `ERROR_STATUS`). `retryAfter` is in seconds.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** The contract's error body. */
  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details?.length ? { details: this.details } : {}) } };
  }
}

/** Events that do not fit their schema or the config; each detail names the event and field. */
export const invalidEvent = (details: ErrorDetail[]) =>
  new AppError('invalid_event', details.length === 1 ? `Invalid event: ${details[0]!.path}: ${details[0]!.message}` : `${details.length} problems in the request`, details);
/** A request that is not an event write and cannot be read (bad query, bad token request). */
export const invalidRequest = (message: string, details?: ErrorDetail[]) => new AppError('invalid_request', message, details);
/** An event id reused with other content; `details` name each conflicting event's id. */
export const idConflict = (details: ErrorDetail[]) => new AppError('id_conflict', 'An event id was reused with other content; nothing was stored.', details);
/** No token, or an unknown or revoked one. */
export const unauthorized = (message = 'A valid token is required: Authorization: Bearer <token>') => new AppError('unauthorized', message);
/** The token's role or unit may not do this. */
export const forbidden = (message: string, details?: ErrorDetail[]) => new AppError('forbidden', message, details);
/** No such route or resource. */
export const notFound = (message: string) => new AppError('not_found', message);
/** Over a request budget; retry after `retryAfter` seconds. */
export const rateLimited = (message: string, retryAfter: number) => new AppError('rate_limited', message, undefined, Math.max(1, Math.ceil(retryAfter)));
/** The store cannot be reached; nothing was stored. */
export const storeUnavailable = () => new AppError('store_unavailable', 'The event store is not reachable; nothing was stored. Retry later.', undefined, 1);
/** Stored on the Redis primary, but WAIT did not see enough replicas take it in time (IOC_REDIS_WAIT_REPLICAS). */
export const storeNotReplicated = () =>
  new AppError('store_unavailable', 'The events reached the primary Redis but not enough replicas in time; retry with the same ids (they are answered as duplicates).', undefined, 1);
/** A body that is not JSON (`application/json`). */
export const unsupportedMediaType = (message: string) => new AppError('unsupported_media_type', message);
