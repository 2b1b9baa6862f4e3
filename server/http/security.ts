import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** How long a browser that has seen the server over TLS refuses plain HTTP to it (180 days, helmet's figure). */
const HSTS_SECONDS = 180 * 24 * 3600;

/**
 * The security headers of every answer. The operations room opens the wall by the server's name
 * or address over plain HTTP on a closed network, so a browser must never be told to upgrade to
 * https: helmet's default `upgrade-insecure-requests` made every asset load over https and every
 * page blank. The upgrade directive, HSTS and the cross-origin opener policy (which Chromium
 * ignores with a console error on an untrustworthy origin) are sent only when this server itself
 * serves TLS. nosniff, the referrer policy and `frame-ancestors 'self'` are sent always.
 */
export function securityHeaders(tls: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'img-src': ["'self'", 'data:', 'blob:'],
        'upgrade-insecure-requests': tls ? [] : null,
      },
    },
    strictTransportSecurity: tls ? { maxAge: HSTS_SECONDS, includeSubDomains: false } : false,
    crossOriginOpenerPolicy: tls,
  });
}
