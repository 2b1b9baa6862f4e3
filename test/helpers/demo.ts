import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { spawnServer, type ServerProcess } from './process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from './redis';
import { ADMIN_TOKEN } from './server';

export interface Demo {
  server: ServerProcess;
  browser: Browser;
  /** The server's data folder (IOC_DATA_DIR), removed by `close`. */
  dir: string;
  /** Closes the browser, stops the server, drops its Redis keys and removes `dir`. */
  close(): Promise<void>;
}

/**
 * The demo as `npm start` runs it (simulated units on the simulated clock, the month of history)
 * as its own process on the test Redis under a prefix of its own, and a headless Chromium: the
 * setup of the e2e files that look at the demo's screens. `env` adds to or overrides the server's
 * environment (e.g. IOC_CONFIG); `dir`, when given, is the data folder to use (and remove).
 */
export async function startDemo(name: string, options: { env?: Record<string, string>; dir?: string; browserArgs?: string[] } = {}): Promise<Demo> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), `ioc-e2e-${name}-`));
  const prefix = testPrefix(`e2e-${name}`);
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    try {
      await browser?.close();
      await server?.stop();
    } finally {
      await dropPrefix(prefix);
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    server = await spawnServer({ REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: prefix, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RATE_LIMIT: '0', IOC_SIMULATE: '1', IOC_SIM_RATE: '1', IOC_DATA_DIR: dir, ...options.env });
    browser = await launchBrowser(options.browserArgs);
  } catch (err) {
    await close();
    throw err;
  }
  return { server, browser, dir, close };
}
