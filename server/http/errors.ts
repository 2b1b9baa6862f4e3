import type { ErrorRequestHandler } from 'express';
import { AppError, ERROR_STATUS, invalidRequest, storeNotReplicated, storeUnavailable, unsupportedMediaType } from '@shared/errors';
import { ArchiveMissingError } from '../store/archive';
import { NotReplicatedError, StoreUnavailableError } from '../store/store';

/** Maps any error to the contract's error body and status; body-parser's own errors get their contract codes. */
export function errorHandler(log: (err: unknown) => void): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const appError = toAppError(err);
    if (appError.code === 'internal') log(err);
    if (appError.retryAfter !== undefined) res.set('Retry-After', String(appError.retryAfter));
    res.status(ERROR_STATUS[appError.code]).json(appError.body());
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof NotReplicatedError) return storeNotReplicated();
  // Not a passing outage: say which archived events this node cannot read, and why.
  if (err instanceof ArchiveMissingError) return new AppError('store_unavailable', `Archived events cannot be read: ${err.reason}.`);
  if (err instanceof StoreUnavailableError) return storeUnavailable();
  const type = typeof err === 'object' && err !== null && 'type' in err ? String(err.type) : '';
  if (type === 'entity.too.large') return new AppError('payload_too_large', 'The body is larger than 1 MiB; send at most 500 events per request.');
  if (type === 'entity.parse.failed') return invalidRequest(`The body is not valid JSON: ${err instanceof Error ? err.message : ''}`.trim());
  if (type === 'encoding.invalid') return invalidRequest('The body is not valid UTF-8.');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return unsupportedMediaType('Send the body as UTF-8 JSON.');
  if (type) return invalidRequest(err instanceof Error ? err.message : 'The request could not be read.');
  return new AppError('internal', 'Something went wrong on the server; nothing was stored.');
}
