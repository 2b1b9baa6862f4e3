import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { api, ADMIN_TOKEN } from '../helpers/server';
import { ARTIFACTS, launchBrowser, openPage } from '../helpers/browser';
import { spawnServer, type ServerProcess } from '../helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';

const prefix = testPrefix('e2e-admin');
let node: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  node = await spawnServer({ REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: prefix, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RATE_LIMIT: '0' });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await node?.stop();
  await dropPrefix(prefix);
});

describe('the admin page in Chromium', () => {
  it('issues a viewer token shown once with its display URL and QR code, revokes it, and the audit trail shows both', async () => {
    const { page, errors } = await openPage(browser, { width: 1440, height: 1000 });
    await page.goto(`${node.url}/admin#token=${ADMIN_TOKEN}`);
    await page.waitForSelector('[data-testid=admin]', { timeout: 20_000 });
    const label = `Màn hình phòng họp ${Date.now()}`;
    await page.locator('input[name=label]').fill(label);
    await page.locator('[data-testid=issue]').click();
    await page.waitForSelector('[data-testid=issued]');
    const token = (await page.locator('[data-testid=issued-token]').textContent()) ?? '';
    const url = (await page.locator('[data-testid=issued-url]').textContent()) ?? '';
    expect(url).toBe(`${node.url}/wall#token=${token}`);
    expect(await page.locator('[data-testid=issued-qr]').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await page.screenshot({ path: `${ARTIFACTS}admin-issued.png`, fullPage: true });

    const wall = await openPage(browser, { width: 1920, height: 1080 });
    await wall.page.goto(url);
    await wall.page.waitForSelector('[data-state=ready]', { timeout: 15_000 });

    const row = page.locator('[data-testid=token-list] tr', { hasText: label });
    await row.locator('[data-testid=revoke]').click();
    expect(await row.textContent()).toContain('Thu hồi “');
    await row.locator('[data-testid=confirm-revoke]').click();
    await expect.poll(() => page.locator('[data-testid=token-list]').textContent()).not.toContain(label);

    // The open wall is cut off at once; opened again, it is refused and says so.
    await wall.page.waitForSelector('[data-testid=banner]', { timeout: 10_000 });
    await wall.page.reload();
    await expect.poll(() => wall.page.locator('body').textContent(), { timeout: 15_000 }).toContain('đã bị thu hồi');
    expect((await api(node.url, '/api/v1/state', { token })).status).toBe(401);
    await wall.page.screenshot({ path: `${ARTIFACTS}admin-wall-refused.png` });
    await wall.page.context().close();

    const audit = page.locator('[data-testid=audit-table]');
    await expect.poll(() => audit.locator('tr[data-type="token.revoked"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const issuedRow = audit.locator('tr[data-type="token.issued"]', { hasText: label });
    expect(await issuedRow.textContent()).toContain('IOC_ADMIN_TOKEN');
    await page.locator('[data-testid=audit-type] select, select[data-testid=audit-type]').first().selectOption('token.revoked');
    await expect.poll(() => audit.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')))).toEqual(['token.revoked']);
    expect(await page.locator('[data-testid=health-store]').textContent()).toMatch(/redis — truy cập được — AOF (on|off)/);
    expect(await page.locator('[data-testid=docs-link]').getAttribute('href')).toBe('/api/docs/');
    await page.screenshot({ path: `${ARTIFACTS}admin.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('shows a unit report written in the console in the audit trail with who wrote it', async () => {
    const issued = await api(node.url, '/api/v1/tokens', { body: { role: 'unit', unit: 'vinh', label: 'Vinh — bộ phận một cửa' } });
    const unitToken = issued.body.token as string;
    const consolePage = await openPage(browser, { width: 1280, height: 900 });
    await consolePage.page.goto(`${node.url}/console#token=${unitToken}`);
    await consolePage.page.waitForSelector('[data-testid=console]', { timeout: 20_000 });
    const form = consolePage.page.locator('[data-testid=counts-form]');
    await form.locator('input[name=dossiers_online]').fill('12');
    await form.locator('[data-testid=send-counts]').click();
    await expect.poll(() => form.locator('[data-testid=outcome]').textContent(), { timeout: 10_000 }).toContain('Đã lưu');
    await consolePage.page.context().close();

    const { page } = await openPage(browser, { width: 1440, height: 1000 });
    await page.goto(`${node.url}/admin?lang=en#token=${ADMIN_TOKEN}`);
    await page.waitForSelector('[data-testid=audit-table] tr[data-type="indicator.reported"]', { timeout: 20_000 });
    const row = page.locator('[data-testid=audit-table] tr[data-type="indicator.reported"]').first();
    expect(await row.textContent()).toContain('Vinh — bộ phận một cửa');
    expect(await row.textContent()).toContain('12');
    await page.context().close();
  }, 90_000);
});
