import type { ErrorRequestHandler } from 'express';
import { ERROR_STATUS, type ErrorCode, type ErrorDetail } from '@shared/errors';
import { StoreUnavailableError } from '../store/store';

/** An error the API answers with its contract body; thrown by handlers and commands. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  body() {
    return { error: { code: this.code, message: this.message, ...(this.details?.length ? { details: this.details } : {}) } };
  }
}

export const invalidEvent = (details: ErrorDetail[]) =>
  new ApiError('invalid_event', details.length === 1 ? `Invalid event: ${details[0]!.path}: ${details[0]!.message}` : `${details.length} problems in the request`, details);
export const invalidRequest = (message: string, details?: ErrorDetail[]) => new ApiError('invalid_request', message, details);
export const unauthorized = (message = 'A valid token is required: Authorization: Bearer <token>') => new ApiError('unauthorized', message);
export const forbidden = (message: string, details?: ErrorDetail[]) => new ApiError('forbidden', message, details);
export const notFound = (message: string) => new ApiError('not_found', message);
export const storeUnavailable = () => new ApiError('store_unavailable', 'The event store is not reachable; nothing was stored. Retry later.', undefined, 1);

/** Maps any error to the contract's error body; body-parser's own errors get their contract codes. */
export function errorHandler(log: (err: unknown) => void): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const apiError = toApiError(err);
    if (apiError.code === 'internal') log(err);
    if (apiError.retryAfter !== undefined) res.set('Retry-After', String(apiError.retryAfter));
    res.status(apiError.status).json(apiError.body());
  };
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof StoreUnavailableError) return storeUnavailable();
  const type = typeof err === 'object' && err !== null && 'type' in err ? String(err.type) : '';
  if (type === 'entity.too.large') return new ApiError('payload_too_large', 'The body is larger than 1 MiB; send at most 500 events per request.');
  if (type === 'entity.parse.failed') return invalidRequest(`The body is not valid JSON: ${err instanceof Error ? err.message : ''}`.trim());
  if (type === 'encoding.invalid') return invalidRequest('The body is not valid UTF-8.');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new ApiError('unsupported_media_type', 'Send the body as UTF-8 JSON.');
  if (type) return invalidRequest(err instanceof Error ? err.message : 'The request could not be read.');
  return new ApiError('internal', 'Something went wrong on the server; nothing was stored.');
}
