import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { Role } from '@shared/api';
import { forbidden, rateLimited, unauthorized, unsupportedMediaType } from '@shared/errors';
import type { Metrics } from '../metrics';
import type { Authenticator } from '../auth/authenticate';
import type { Principal } from '../auth/tokens';
import { addressKey } from './addresses';

declare module 'express-serve-static-core' {
  interface Locals {
    principal?: Principal;
  }
}

/**
 * Logs each request once it is answered: errors always, the rest at debug level; and counts
 * it by route and status. Cheaper than a child logger per request, which the ingest path feels.
 */
export function requestLog(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'other';
      metrics.httpRequests.inc({ route, status: res.statusCode });
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug';
      if (!logger.isLevelEnabled(level)) return;
      logger[level]({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Number((performance.now() - started).toFixed(1)), token: res.locals.principal?.tokenId }, 'request');
    });
    next();
  };
}

/** Wraps an async handler so that a rejection reaches the error handler. */
export const handle =
  (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req, res, next) => {
    fn(req, res).catch(next);
  };

function bearer(req: Request): string | undefined {
  const header = req.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/**
 * Requires a valid token and keeps who it is for the handlers; the client's address is `req.ip`
 * (X-Forwarded-For believed from trusted proxies only). The rules are the Authenticator's.
 */
export function requireToken(authenticator: Authenticator): RequestHandler {
  return (req, res, next) => {
    authenticator.authenticate(bearer(req), addressKey(req.ip)).then((principal) => {
      res.locals.principal = principal;
      next();
    }, next);
  };
}

/** After `requireToken`: only these roles may pass. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const role = res.locals.principal?.role;
    next(role && roles.includes(role) ? undefined : forbidden(`This needs a token with role ${roles.join(' or ')}.`));
  };
}

/** The principal set by `requireToken`. */
export function principalOf(res: Response): Principal {
  const p = res.locals.principal;
  if (!p) throw unauthorized();
  return p;
}

/** After `requireToken`: each token's request budget (per node), keyed by token id; 0 turns it off. */
export function tokenRateLimit(perSecond: number, metrics: Metrics): RequestHandler {
  if (perSecond <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 1_000,
    limit: perSecond,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // The key is the token's id, never its secret and never the address: clients behind one proxy do not share a budget.
    keyGenerator: (_req, res) => `t:${principalOf(res).tokenId}`,
    validate: { xForwardedForHeader: false, trustProxy: false },
    handler: (_req: Request, _res: Response, next: NextFunction) => {
      metrics.rateLimited.inc({ by: 'token' });
      next(rateLimited(`More than ${perSecond} requests per second for this token; slow down.`, 1));
    },
  });
}

/** POST bodies must be JSON: anything else is 415 before the body is read. */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (req.method === 'POST' && !req.is('application/json')) {
    return next(unsupportedMediaType('Send the body with Content-Type: application/json.'));
  }
  next();
};
