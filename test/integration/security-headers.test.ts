import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runUntilExit } from '../helpers/process';
import { dropPrefix, testPrefix } from '../helpers/redis';
import { startServer, type TestServer } from '../helpers/server';
import { selfSignedCertificate, type TestCertificate } from '../helpers/tls';

const dir = mkdtempSync(join(tmpdir(), 'ioc-headers-'));
const prefix = testPrefix('headers');
let plain: TestServer;
let secure: TestServer;
let cert: TestCertificate;

/** Every page a browser opens, the API's own answers (a refusal included) and the docs. */
const PATHS = ['/', '/wall', '/briefing', '/console', '/desk', '/admin', '/api/docs/', '/api/v1/openapi.json', '/api/v1/state', '/readyz'];

beforeAll(async () => {
  cert = selfSignedCertificate(dir, 'ioc-wall.test');
  plain = await startServer({ prefix });
  secure = await startServer({ prefix, tls: { cert: cert.cert, key: cert.key } });
}, 30_000);

afterAll(async () => {
  await plain?.close();
  await secure?.close();
  await dropPrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

function headersOverTls(url: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    httpsGet(url, { ca: cert.cert }, (res) => {
      res.resume();
      resolve(Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])));
    }).on('error', reject);
  });
}

const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(' ')]));

describe('security headers', () => {
  it('over plain HTTP: a CSP without upgrade-insecure-requests, no HSTS, nosniff, no referrer, frames from this origin only', async () => {
    for (const path of PATHS) {
      const res = await fetch(`${plain.url}${path}`);
      const csp = directives(res.headers.get('content-security-policy') ?? '');
      expect({ path, upgrade: csp.has('upgrade-insecure-requests') }).toEqual({ path, upgrade: false });
      expect({ path, frames: csp.get('frame-ancestors'), scripts: csp.get('script-src') }).toEqual({ path, frames: "'self'", scripts: "'self'" });
      expect({ path, hsts: res.headers.get('strict-transport-security'), coop: res.headers.get('cross-origin-opener-policy') }).toEqual({ path, hsts: null, coop: null });
      expect({ path, nosniff: res.headers.get('x-content-type-options'), referrer: res.headers.get('referrer-policy') }).toEqual({ path, nosniff: 'nosniff', referrer: 'no-referrer' });
    }
  });

  it('over HTTPS (IOC_TLS_CERT, IOC_TLS_KEY): the upgrade directive and HSTS are on, the rest as over HTTP', async () => {
    for (const path of PATHS) {
      const h = await headersOverTls(`${secure.url}${path}`);
      const csp = directives(h['content-security-policy'] ?? '');
      expect({ path, upgrade: csp.has('upgrade-insecure-requests'), frames: csp.get('frame-ancestors') }).toEqual({ path, upgrade: true, frames: "'self'" });
      expect({ path, hsts: h['strict-transport-security'], nosniff: h['x-content-type-options'], referrer: h['referrer-policy'] }).toEqual({ path, hsts: 'max-age=15552000', nosniff: 'nosniff', referrer: 'no-referrer' });
    }
  });
});

describe('HTTPS settings at start-up', () => {
  it('stops with the reason on a missing file, a file that is not PEM, a key of another certificate, or one variable alone', async () => {
    const port = String(await freePort());
    const other = selfSignedCertificate(mkdtempSync(join(dir, 'other-')), 'other.test');
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    const cases: [Record<string, string>, string][] = [
      [{ IOC_TLS_CERT: join(dir, 'missing.pem'), IOC_TLS_KEY: cert.keyPath }, `IOC_TLS_CERT: cannot read ${join(dir, 'missing.pem')} (ENOENT)`],
      [{ IOC_TLS_CERT: notPem, IOC_TLS_KEY: cert.keyPath }, 'not a PEM certificate and its private key'],
      [{ IOC_TLS_CERT: cert.certPath, IOC_TLS_KEY: other.keyPath }, 'not a PEM certificate and its private key'],
      [{ IOC_TLS_CERT: cert.certPath }, 'IOC_TLS_CERT and IOC_TLS_KEY: set both'],
    ];
    for (const [env, message] of cases) {
      const { code, output } = await runUntilExit({ IOC_DATA_DIR: join(dir, 'data'), IOC_LOG_LEVEL: 'warn', ...env, PORT: port });
      expect({ env, code, said: output.includes(message) }).toEqual({ env, code: 1, said: true });
    }
  }, 120_000);
});
