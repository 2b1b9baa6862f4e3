import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPrefix, testPrefix } from '../helpers/redis';
import { api, issueToken, noteEvent, startServer, type TestServer } from '../helpers/server';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../node_modules/.bin/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ioc-openapi-'));
const prefix = testPrefix('openapi');
let server: TestServer;
let specPath = '';

beforeAll(async () => {
  server = await startServer({ prefix });
  specPath = join(dir, 'openapi.json');
  writeFileSync(specPath, await (await fetch(`${server.url}/api/v1/openapi.json`)).text());
});
afterAll(async () => {
  await server.close();
  await dropPrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

describe('the served OpenAPI document', () => {
  it('passes @redocly/cli lint with its recommended rules: no error, no warning', async () => {
    const { stdout, stderr } = await run(join(BIN, 'redocly'), ['lint', specPath, '--format=stylish'], { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } }).catch((err: { stdout: string; stderr: string }) => err);
    const output = `${stdout}\n${stderr}`;
    expect(output).toContain('Your API description is valid');
    expect(output).not.toMatch(/\b(error|warning)\b\s+[a-z-]+/);
  }, 60_000);

  it('gives a TypeScript client (openapi-typescript) that compiles and types a real answer of each read endpoint', async () => {
    await run(join(BIN, 'openapi-typescript'), [specPath, '-o', join(dir, 'api.d.ts')]);
    await api(server.url, '/api/v1/events', { body: { events: [noteEvent()] } });
    const operator = (await issueToken(server.url, 'operator')).token;
    const reads: [string, string, string | undefined][] = [
      ['/api/v1/state', '/api/v1/state', undefined],
      ['/api/v1/state', '/api/v1/state?seq=1', undefined],
      ['/api/v1/events', '/api/v1/events?after=0&limit=5', undefined],
      ['/api/v1/config', '/api/v1/config', undefined],
      ['/api/v1/me', '/api/v1/me', undefined],
      ['/api/v1/tokens', '/api/v1/tokens', undefined],
      ['/api/v1/audit', '/api/v1/audit?limit=5', undefined],
      ['/api/v1/health', '/api/v1/health', undefined],
      ['/api/v1/displays', '/api/v1/displays', operator],
      ['/api/v1/operators', '/api/v1/operators', operator],
      ['/api/v1/webhooks', '/api/v1/webhooks', operator],
    ];
    const lines = ["import type { paths } from './api';"];
    for (const [i, [path, url, token]] of reads.entries()) {
      const res = await api(server.url, url, token ? { token } : {});
      expect([url, res.status]).toEqual([url, 200]);
      lines.push(`export const answer${i}: paths['${path}']['get']['responses']['200']['content']['application/json'] = ${JSON.stringify(res.body)};`);
    }
    writeFileSync(join(dir, 'answers.ts'), lines.join('\n'));
    const tsc = await run(join(BIN, 'tsc'), ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', 'false', join(dir, 'answers.ts')]).catch((err: { stdout: string }) => ({ stdout: err.stdout, failed: true }));
    expect(tsc.stdout).toBe('');
  }, 120_000);
});
