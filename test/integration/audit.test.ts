import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, HealthReport, Me } from '@shared/admin';
import { EmbeddedStore } from '../../server/store/embedded';
import { dropPrefix, testPrefix } from '../helpers/redis';
import { api, Display, issueToken, noteEvent, startServer, type TestServer } from '../helpers/server';

const prefix = testPrefix('audit');
let server: TestServer;
let base: string;

beforeAll(async () => {
  server = await startServer({ prefix });
  base = server.url;
});
afterAll(async () => {
  await server.close();
  await dropPrefix(prefix);
});

const audit = async (query: string, token?: string) => {
  const res = await api(base, `/api/v1/audit${query}`, token === undefined ? {} : { token });
  return { status: res.status, page: res.body as unknown as AuditPage, body: res.body };
};

describe('GET /api/v1/me', () => {
  it('says whose token it is, for every role', async () => {
    const unit = await api(base, '/api/v1/tokens', { body: { role: 'unit', unit: 'vinh', label: 'Vinh one-stop system' } });
    const me = await api(base, '/api/v1/me', { token: unit.body.token as string });
    expect(me.body as unknown as Me).toEqual({ tokenId: unit.body.id, role: 'unit', unit: 'vinh', label: 'Vinh one-stop system' });
    const viewer = await issueToken(base, 'viewer');
    expect((await api(base, '/api/v1/me', { token: viewer.token })).body).toEqual({ tokenId: viewer.id, role: 'viewer', label: 'test viewer' });
    expect((await api(base, '/api/v1/me')).body).toMatchObject({ tokenId: 'bootstrap-admin', role: 'admin' });
    expect((await api(base, '/api/v1/me', { token: 'nope' })).status).toBe(401);
  });
});

describe('token changes in the log', () => {
  it('refuses the server-written events (token changes, webhook bookkeeping) from producers, even from an admin, and stores nothing', async () => {
    const before = (await api(base, '/api/v1/state')).body.seq;
    const at = new Date().toISOString();
    const forged = { id: 'forged', type: 'token.issued', unit: '_system', at, tokenId: 'x', role: 'admin', label: 'forged' };
    const queued = { id: 'q', type: 'webhook.queued', unit: 'dic', at, webhook: 'w', event: 'alert.fired', alert: { id: 'overdue:t01', kind: 'overdue', subject: 't01', since: at, name: 'x' } };
    const res = await api(base, '/api/v1/events', { body: { events: [noteEvent(), forged, queued] } });
    expect(res.status).toBe(400);
    expect(res.body.error?.details).toEqual([
      { path: 'events.1.type', message: 'token.issued is written by the server only', code: 'server_only', params: { type: 'token.issued' } },
      { path: 'events.2.type', message: 'webhook.queued is written by the server only', code: 'server_only', params: { type: 'webhook.queued' } },
    ]);
    expect((await api(base, '/api/v1/state')).body.seq).toBe(before);
  });

  it('records who issued a token, what it wrote, and who revoked it, with its label kept after revocation', async () => {
    const issued = await api(base, '/api/v1/tokens', { body: { role: 'unit', unit: 'dic', label: 'DIC reporting desk' } });
    const token = issued.body.token as string;
    const id = issued.body.id as string;
    const note = noteEvent('dic', 'audited note');
    expect((await api(base, '/api/v1/events', { token, body: note })).status).toBe(202);
    expect((await api(base, `/api/v1/tokens/${id}`, { method: 'DELETE' })).status).toBe(204);

    const { status, page } = await audit(`?token=${id}`);
    expect(status).toBe(200);
    expect(page.order).toBe('newest-first');
    expect(page.entries.map((e) => e.event.type)).toEqual(['token.revoked', 'note.posted', 'token.issued']);
    const [revoked, wrote, issue] = page.entries;
    expect(issue!.event).toMatchObject({ type: 'token.issued', tokenId: id, role: 'unit', tokenUnit: 'dic', label: 'DIC reporting desk', by: 'bootstrap-admin' });
    expect(issue!.who).toMatchObject({ tokenId: 'bootstrap-admin', role: 'admin' });
    expect(wrote!.event).toMatchObject({ id: note.id, text: 'audited note', by: id });
    expect(wrote!.who).toEqual({ tokenId: id, label: 'DIC reporting desk', role: 'unit', unit: 'dic', revoked: true });
    expect(revoked!.event).toMatchObject({ type: 'token.revoked', tokenId: id });
    expect(revoked!.subject).toMatchObject({ tokenId: id, label: 'DIC reporting desk', revoked: true });
    expect(JSON.stringify(page)).not.toContain(token);
    expect(revoked!.seq).toBeGreaterThan(wrote!.seq);
    expect(Date.parse(revoked!.receivedAt)).toBeGreaterThanOrEqual(Date.parse(issue!.receivedAt));
  });
});

describe('GET /api/v1/audit', () => {
  it('filters by unit, type and time, and pages both ways with next', async () => {
    const start = new Date().toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const e = noteEvent('health', `page ${i}`);
      ids.push(e.id as string);
      await api(base, '/api/v1/events', { body: e });
    }
    await api(base, '/api/v1/events', { body: noteEvent('justice', 'other unit') });

    const newest = await audit(`?unit=health&type=note.posted&from=${encodeURIComponent(start)}&limit=2`);
    expect(newest.page.entries.map((e) => e.event.id)).toEqual([ids[4], ids[3]]);
    expect(newest.page.next).toBe(newest.page.entries[1]!.seq);
    const older = await audit(`?unit=health&type=note.posted&from=${encodeURIComponent(start)}&limit=2&before=${newest.page.next}`);
    expect(older.page.entries.map((e) => e.event.id)).toEqual([ids[2], ids[1]]);
    const last = await audit(`?unit=health&type=note.posted&from=${encodeURIComponent(start)}&limit=2&before=${older.page.next}`);
    expect(last.page.entries.map((e) => e.event.id)).toEqual([ids[0]]);
    expect(last.page.next).toBeNull();

    const forward = await audit(`?after=0&unit=health&type=note.posted&from=${encodeURIComponent(start)}&limit=3`);
    expect(forward.page.order).toBe('oldest-first');
    expect(forward.page.entries.map((e) => e.event.id)).toEqual(ids.slice(0, 3));
    const rest = await audit(`?after=${forward.page.next}&unit=health&type=note.posted&limit=3`);
    expect(rest.page.entries.map((e) => e.event.id)).toEqual(ids.slice(3));
    expect(rest.page.next).toBeNull();

    const none = await audit(`?unit=health&to=${encodeURIComponent('2000-01-01T00:00:00Z')}`);
    expect(none.page.entries).toEqual([]);
    expect(none.page.next).toBeNull();
  });

  it("gives a unit token its own unit's history only: its writes and reports about it, no token changes", async () => {
    const vinh = await issueToken(base, 'unit', 'vinh');
    const mine = noteEvent('vinh', 'from vinh');
    await api(base, '/api/v1/events', { token: vinh.token, body: mine });
    await api(base, '/api/v1/events', { body: noteEvent('vinh', 'by the admin about vinh') });
    await api(base, '/api/v1/events', { body: noteEvent('justice', 'not about vinh') });
    const { status, page } = await audit('?limit=50', vinh.token);
    expect(status).toBe(200);
    expect(page.entries.length).toBeGreaterThanOrEqual(2);
    expect(page.entries.every((e) => e.event.unit === 'vinh' && !e.event.type.startsWith('token.'))).toBe(true);
    expect(page.entries[1]!.event.id).toBe(mine.id);
    expect(page.entries[1]!.who).toMatchObject({ tokenId: vinh.id, label: 'test unit' });
    expect((await audit('?unit=justice', vinh.token)).status).toBe(403);
  });

  it('is for admins and unit tokens only and refuses bad queries with the parameter', async () => {
    const viewer = await issueToken(base, 'viewer');
    expect((await audit('', viewer.token)).status).toBe(403);
    const bad = await audit('?after=1&before=5&limit=9999');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details?.map((d) => d.path)).toContain('query.limit');
    expect((await audit('?from=yesterday')).status).toBe(400);
  });
});

describe('GET /api/v1/health', () => {
  it('reports the store and its persistence, displays on this node, the event rate and silent units', async () => {
    const viewer = await issueToken(base, 'viewer');
    const display = new Display(base, viewer.token);
    await display.connected();
    try {
      await api(base, '/api/v1/events', { body: noteEvent('vinh', 'rate') });
      const res = await api(base, '/api/v1/health');
      const health = res.body as unknown as HealthReport;
      expect(res.status).toBe(200);
      expect(health.store).toMatchObject({ kind: 'redis', reachable: true });
      expect(['on', 'off']).toContain(health.store.info?.aof);
      expect(health.node.displays).toBe(1);
      expect(health.node.behind).toBe(0);
      expect(health.nodes.map((n) => n.id)).toContain(health.node.id);
      expect(health.rate.perMinute.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      const vinh = health.units.find((u) => u.unit === 'vinh');
      expect(vinh?.lastReportAt).not.toBeNull();
      expect(health.units).toHaveLength(36);
      expect((await api(base, '/api/v1/health', { token: viewer.token })).status).toBe(403);
    } finally {
      display.close();
    }
  });

  it('lists when each token was last used', async () => {
    const unit = await issueToken(base, 'unit', 'police');
    const before = ((await api(base, '/api/v1/tokens')).body.tokens as { id: string; lastUsedAt: string | null }[]).find((t) => t.id === unit.id);
    expect(before?.lastUsedAt).toBeNull();
    await api(base, '/api/v1/me', { token: unit.token });
    const after = ((await api(base, '/api/v1/tokens')).body.tokens as { id: string; lastUsedAt: string | null }[]).find((t) => t.id === unit.id);
    expect(Date.parse(after?.lastUsedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('the audit on the embedded store', () => {
  it('keeps token changes and their labels across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-audit-'));
    try {
      let node = await startServer({ prefix, store: new EmbeddedStore(dir) });
      const issued = await api(node.url, '/api/v1/tokens', { body: { role: 'viewer', label: 'Lobby screen' } });
      await api(node.url, `/api/v1/tokens/${issued.body.id as string}`, { method: 'DELETE' });
      await api(node.url, '/api/v1/me', { token: 'test-admin-token-0123456789abcdef0123456789' });
      await node.close();
      node = await startServer({ prefix, store: new EmbeddedStore(dir) });
      try {
        const res = await api(node.url, `/api/v1/audit?token=${issued.body.id as string}`);
        const page = res.body as unknown as AuditPage;
        expect(page.entries.map((e) => e.event.type)).toEqual(['token.revoked', 'token.issued']);
        expect(page.entries[1]!.event).toMatchObject({ label: 'Lobby screen', role: 'viewer' });
        const tokens = (await api(node.url, '/api/v1/tokens')).body.tokens as unknown[];
        expect(tokens).toEqual([]);
      } finally {
        await node.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('GET /api/docs', () => {
  it('serves the OpenAPI viewer and its assets from this server', async () => {
    const page = await fetch(`${base}/api/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/api/docs/assets/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    expect((await fetch(`${base}/api/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
    expect(await (await fetch(`${base}/api/docs/init.js`)).text()).toContain('/api/v1/openapi.json');
  });
});
