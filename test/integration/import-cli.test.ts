import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPrefix, testPrefix } from '../helpers/redis';
import { freePort } from '../helpers/process';
import { api, ADMIN_TOKEN, issueToken, startServer, type TestServer } from '../helpers/server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const prefix = testPrefix('import-cli');
const dir = mkdtempSync(join(tmpdir(), 'ioc-import-'));
let server: TestServer;
let dic: string;

beforeAll(async () => {
  server = await startServer({ prefix });
  dic = (await issueToken(server.url, 'unit', 'dic')).token;
});
afterAll(async () => {
  await server.close();
  await dropPrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `npm run import`'s script as its own process. */
function runImport(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => resolve({ code, out }));
  });
}
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const seq = async () => (await api(server.url, '/api/v1/state')).body.seq as number;
const counters = async () => ((await api(server.url, '/api/v1/state')).body.state as { counters: Record<string, Record<string, Record<string, number>>> }).counters;

describe('npm run import', () => {
  it('imports an Excel export once: the second run stores nothing', async () => {
    const excel = join(ROOT, 'test/fixtures/excel-counts.csv');
    const first = await runImport([excel, '--url', server.url, '--token', dic]);
    expect(first.out).toContain('Stored 6 new values from 3 lines');
    expect(first.code).toBe(0);
    expect((await counters()).dossiers_online?.dic).toMatchObject({ '2024-04-01': 118, '2024-04-02': 124, '2024-04-03': 97 });
    const before = await seq();
    const again = await runImport([excel, '--url', server.url, '--token', dic]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Stored 0 new values from 3 lines of');
    expect(again.out).toContain('6 were already stored');
    expect(await seq()).toBe(before);
  });

  it('replaces a corrected value, and restores the first value when the file goes back to it', async () => {
    const original = file('day.csv', 'unit,day,dossiers_total\ndic,2024-03-20,50\n');
    const corrected = file('day-corrected.csv', 'unit,day,dossiers_total\ndic,2024-03-20,55\n');
    expect((await runImport([original, '--url', server.url, '--token', dic])).code).toBe(0);
    expect((await runImport([corrected, '--url', server.url, '--token', dic])).code).toBe(0);
    expect((await counters()).dossiers_total?.dic?.['2024-03-20']).toBe(55);
    const back = await runImport([original, '--url', server.url, '--token', dic]);
    expect(back.code).toBe(0);
    expect((await counters()).dossiers_total?.dic?.['2024-03-20']).toBe(50);
  });

  it('imports progress rows, quoted notes with line breaks included', async () => {
    const res = await runImport([join(ROOT, 'test/fixtures/excel-progress.csv'), '--url', server.url, '--token', dic]);
    expect(res.code).toBe(0);
    const items = ((await api(server.url, '/api/v1/state')).body.state as { items: Record<string, { status: string; percent: number; note?: string }> }).items;
    expect(items.m01).toMatchObject({ status: 'in_progress', percent: 62.5, note: 'Đã triển khai 33/53 dịch vụ; "giai đoạn 2"\nở 3 huyện' });
    expect(items.t35).toMatchObject({ status: 'done', percent: 100 });
  });

  it('exits 1 naming the line and column of each problem, and stores nothing', async () => {
    const before = await seq();
    const bad = file('bad.csv', 'unit,day,dossiers_online,dossiers_total\ndic,2024-04-10,1,2\ndic,2024-04-11,3,-4\nvinh,2024-04-12,5,6\ndic,2999-01-01,1,1\n');
    const res = await runImport([bad, '--url', server.url, '--token', dic]);
    expect(res.code).toBe(1);
    expect(res.out).toContain('line 3, column 4: -4 is negative (value)');
    expect(res.out).toContain('line 4, column 1: this token reports for "Department of Information and Communications" and its units only (scope)');
    // The day after today is the check HTTP and the console make (shared/validate.ts), with its code.
    expect(res.out).toMatch(/line 5, column 2: 2999-01-01 is after today \(\d{4}-\d\d-\d\d\): report a day once it has begun \(period\)/);
    expect(res.out).toContain('3 problems in');
    expect(res.out).toContain('nothing was sent');
    expect(await seq()).toBe(before);
    const vi = await runImport([bad, '--url', server.url, '--token', dic, '--lang', 'vi']);
    expect(vi.out).toContain('dòng 3, cột 4: -4 là số âm (giá trị)');
    expect(vi.out).toContain('dòng 4, cột 1: mã này chỉ báo cáo cho “Sở Thông tin và Truyền thông” và các đơn vị trực thuộc (đơn vị)');
    expect(vi.out).toMatch(/dòng 5, cột 2: 2999-01-01 là ngày sau hôm nay \(\d{4}-\d\d-\d\d\): chỉ báo cáo một ngày khi ngày đó đã bắt đầu \(ngày\)/);
    expect(vi.out).toContain('3 lỗi trong');
    expect(vi.out).not.toMatch(/negative|problems|nothing was sent|value|period|scope/);
  });

  it('sends a large file in acknowledged batches with a progress line each', async () => {
    const lines = ['unit,day,dossiers_online,dossiers_total'];
    for (let d = 0; d < 600; d++) lines.push(`dic,${new Date(Date.UTC(2022, 0, 1 + d)).toISOString().slice(0, 10)},${d},${d + 10}`);
    const before = await seq();
    const res = await runImport([file('big.csv', lines.join('\n')), '--url', server.url, '--token', ADMIN_TOKEN]);
    expect(res.code).toBe(0);
    expect(res.out).toContain('sent 500/1200 values (lines 2–251), batch 1 of 3');
    expect(res.out).toContain('sent 1200/1200 values (lines 502–601), batch 3 of 3');
    expect(await seq()).toBe(before + 1200);
  });

  it('says exactly which lines were stored when a batch is refused part-way', async () => {
    // Days of 2020 and 2021 (from the config's since on): no other test of this file reports them.
    const day = (d: number) => new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10);
    const lines = ['unit,day,dossiers_online'];
    for (let d = 0; d < 700; d++) lines.push(`dic,${day(d)},7`);
    // An event already stored under the id line 601 will get, with other content: the server refuses that batch with 409.
    const clash = { id: `csv:dic:${day(599)}:dossiers_online:7`, type: 'indicator.reported', unit: 'dic', at: '2024-01-01T00:00:00+07:00', indicator: 'dossiers_online', value: 1, period: day(599) };
    expect((await api(server.url, '/api/v1/events', { token: dic, body: clash })).status).toBe(202);
    const before = await seq();
    const res = await runImport([file('clash.csv', lines.join('\n')), '--url', server.url, '--token', dic]);
    expect(res.code).toBe(1);
    expect(res.out).toContain('batch 2 of 2 (lines 502–701) was refused');
    expect(res.out).toContain(`line 601, column 3: "${clash.id}" was stored before with other content (id)`);
    expect(res.out).toContain('Stored before the failure: lines 2–501. Not stored: lines 502–701.');
    expect(await seq()).toBe(before + 500);
  });

  it('fails with exit 1 on a bad token, an unreachable server or bad arguments', async () => {
    const good = join(ROOT, 'server/demo/examples/counts.csv');
    const unauthorized = await runImport([good, '--url', server.url, '--token', 'wrong']);
    expect(unauthorized.code).toBe(1);
    expect(unauthorized.out).toContain('A valid token is required');
    const down = await runImport([good, '--url', `http://127.0.0.1:${await freePort()}`, '--token', dic]);
    expect(down.code).toBe(1);
    expect(down.out).toContain('import failed');
    const usage = await runImport([good]);
    expect(usage.code).toBe(1);
    expect(usage.out).toContain('usage: npm run import');
  });
});
