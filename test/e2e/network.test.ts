import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchBrowser, openPage } from '../helpers/browser';
import { freePort, spawnServer, waitFor, type ServerProcess } from '../helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';
import { ADMIN_TOKEN, issueToken } from '../helpers/server';
import { selfSignedCertificate, type TestCertificate } from '../helpers/tls';

// The wall as an operations room opens it: by the server's name, not localhost, which browsers
// treat as secure whatever the scheme. The name is mapped to loopback inside Chromium only.
const HOST = 'ioc-wall.test';
const HAPROXY_CFG = fileURLToPath(new URL('../../server/deploy/haproxy.cfg', import.meta.url));
const prefix = testPrefix('e2e-network');
const dir = mkdtempSync(join(tmpdir(), 'ioc-network-'));
const env = { REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: prefix, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RATE_LIMIT: '0' };
let plain: ServerProcess;
let secure: ServerProcess;
let haproxy: ChildProcess | undefined;
let lbPort = 0;
let cert: TestCertificate;
let browser: Browser;
let tokens: Record<'viewer' | 'operator' | 'unit' | 'admin', string>;

/** Every screen, the token it is opened with, and what shows once it has drawn. */
const SCREENS = [
  { path: '/wall', role: 'viewer', drawn: '[data-state=ready]' },
  { path: '/briefing', role: 'operator', drawn: '[data-testid=briefing][data-state=ready]' },
  { path: '/console', role: 'unit', drawn: '[data-testid=console]' },
  { path: '/desk', role: 'operator', drawn: '[data-testid=desk]' },
  { path: '/admin', role: 'admin', drawn: '[data-testid=admin]' },
  { path: '/api/docs/', role: null, drawn: '.swagger-ui .info .title' },
] as const;

beforeAll(async () => {
  cert = selfSignedCertificate(dir, HOST);
  const securePort = await freePort();
  [plain, secure] = await Promise.all([spawnServer(env), spawnServer({ ...env, IOC_TLS_CERT: cert.certPath, IOC_TLS_KEY: cert.keyPath }, securePort)]);
  tokens = {
    viewer: (await issueToken(plain.url, 'viewer')).token,
    operator: (await issueToken(plain.url, 'operator')).token,
    unit: (await issueToken(plain.url, 'unit', 'dic')).token,
    admin: ADMIN_TOKEN,
  };
  // The documented HAProxy recipe as it is (plain :80 there), every backend slot on the plain node.
  lbPort = await freePort();
  const node = plain.url.replace('http://', '');
  let out = '';
  haproxy = spawn('haproxy', ['-f', HAPROXY_CFG, '-db'], { env: { ...process.env, IOC_LB_BIND: `127.0.0.1:${lbPort}`, IOC_LB_SOCKET: join(dir, 'lb.sock'), IOC_NODE1: node, IOC_NODE2: node, IOC_NODE3: node }, stdio: ['ignore', 'pipe', 'pipe'] });
  haproxy.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  haproxy.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(async () => {
    if (haproxy?.exitCode !== null) throw new Error(`haproxy exited: ${out}`);
    return (await fetch(`http://127.0.0.1:${lbPort}/readyz`)).status === 200;
  }, 15_000, 'HAProxy');
  browser = await launchBrowser([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`, `--ignore-certificate-errors-spki-list=${cert.spki}`]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (haproxy && haproxy.exitCode === null) {
    const h = haproxy;
    const exited = new Promise((r) => h.once('exit', r));
    h.kill('SIGTERM');
    await exited;
  }
  await plain?.stop();
  await secure?.stop();
  await dropPrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

/** Opens every screen at `base` and returns, per screen, the failed requests and console errors seen while it drew. */
async function openEveryScreen(base: string, shot: string): Promise<Record<string, string[]>> {
  const problems: Record<string, string[]> = {};
  for (const screen of SCREENS) {
    const { page, errors } = await openPage(browser, { width: 1600, height: 900 });
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText ?? 'failed'}`));
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.url()}: ${r.status()}`);
    });
    try {
      await page.goto(`${base}${screen.path}${screen.role ? `#token=${tokens[screen.role]}` : ''}`);
      await page.waitForSelector(screen.drawn, { timeout: 20_000 });
      // The page's own assets and data have all come in (the failures above would show by now).
      await page.waitForLoadState('networkidle').catch(() => undefined);
      if (screen.path === '/wall') await page.screenshot({ path: `${ARTIFACTS}network-${shot}-wall.png` });
      expect(new URL(page.url()).protocol).toBe(new URL(base).protocol);
    } finally {
      problems[screen.path] = [...failed, ...errors];
      await page.context().close();
    }
  }
  return problems;
}

const clean = Object.fromEntries(SCREENS.map((s) => [s.path, []]));

describe('every screen opened by a host name that is not localhost', () => {
  it('draws over plain HTTP with no failed request and no console error', async () => {
    const port = new URL(plain.url).port;
    expect(await openEveryScreen(`http://${HOST}:${port}`, 'http')).toEqual(clean);
  }, 180_000);

  it('draws through HAProxy (server/deploy/haproxy.cfg) over plain HTTP', async () => {
    expect(await openEveryScreen(`http://${HOST}:${lbPort}`, 'haproxy')).toEqual(clean);
  }, 180_000);

  it('draws over HTTPS with a certificate the server was given (IOC_TLS_CERT, IOC_TLS_KEY)', async () => {
    const port = new URL(secure.url).port;
    expect(await openEveryScreen(`https://${HOST}:${port}`, 'https')).toEqual(clean);
  }, 180_000);
});
