import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, issueToken } from '../helpers/server';
import { startDemo, type Demo } from '../helpers/demo';
import { runUntilExit, type ServerProcess } from '../helpers/process';

// A province that supplies its own map: the demo config plus `map`, and a synthetic GeoJSON of
// squares (test/fixtures/province-map.geojson; no real boundaries), one per locality.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = join(ROOT, 'test/fixtures/province-map.geojson');
const dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-map-'));
const demo = JSON.parse(readFileSync(join(ROOT, 'server/demo/nghe-an.json'), 'utf8')) as Record<string, unknown>;
const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { features: { properties: { unit: string }; geometry: unknown }[] };

/** A config naming `geojson` (written beside it) as its map; returns the config's path. */
function configWith(name: string, geojson: string): string {
  writeFileSync(join(dir, `${name}.geojson`), geojson);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ ...demo, map: { geojson: `${name}.geojson`, property: 'unit' } }));
  return path;
}

/** Runs the server on `config` until it exits on its own, with its output. */
const startFails = (config: string) => runUntilExit({ IOC_CONFIG: config, IOC_DATA_DIR: dir, IOC_ADMIN_TOKEN: ADMIN_TOKEN, PORT: '0' });

let running: Demo;
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  copyFileSync(FIXTURE, join(dir, 'province.geojson'));
  const config = join(dir, 'province.json');
  writeFileSync(config, JSON.stringify({ ...demo, map: { geojson: 'province.geojson', property: 'unit' } }));
  running = await startDemo('map', { dir, env: { IOC_CONFIG: config }, browserArgs: ['--host-resolver-rules=MAP ioc-wall.test 127.0.0.1'] });
  ({ server, browser } = running);
}, 120_000);

afterAll(() => running?.close(), 60_000);

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe("the province's own map", () => {
  it('colours each area of the GeoJSON by its unit online rate, with the tile grid colours and legend', async () => {
    const served = await fetch(`${server.url}/api/v1/map.geojson`);
    expect([served.status, served.headers.get('content-type')]).toEqual([200, 'application/geo+json; charset=utf-8']);
    expect(((await served.json()) as { features: unknown[] }).features.length).toBe(fixture.features.length);

    const viewer = (await issueToken(server.url, 'viewer')).token;
    // The units' statuses now, as the server has them (the simulated units keep reporting).
    const expected = async () => {
      const state = (await (await fetch(`${server.url}/api/v1/state`, { headers: { authorization: `Bearer ${viewer}` } })).json()) as { state: { indicators: Record<string, { byScope: Record<string, { status: string }> }> } };
      const statusOf = (unit: string) => state.state.indicators.online_rate?.byScope[unit]?.status ?? 'nodata';
      const out: Record<string, number> = {};
      for (const f of fixture.features) out[statusOf(f.properties.unit)] = (out[statusOf(f.properties.unit)] ?? 0) + 1;
      return out;
    };

    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    try {
      const port = new URL(server.url).port;
      await page.goto(`http://ioc-wall.test:${port}/wall?pages=localities:600&alert=0#token=${viewer}`);
      await page.waitForSelector('[data-testid=province-map] svg path', { timeout: 20_000 });
      expect(await page.locator('[data-testid=tile-map]').count()).toBe(0);
      const drawn = async () => {
        const colours = await page.evaluate(() => {
          const theme = { ok: '--ok', warn: '--warn', bad: '--bad', nodata: '--nodata' };
          const css = getComputedStyle(document.documentElement);
          return { fills: [...document.querySelectorAll('[data-testid=province-map] svg path')].map((p) => getComputedStyle(p).fill), vars: Object.fromEntries(Object.entries(theme).map(([k, v]) => [k, css.getPropertyValue(v).trim()])) };
        });
        const counted: Record<string, number> = {};
        for (const [status, hex] of Object.entries(colours.vars)) {
          const n = colours.fills.filter((f) => f === rgb(hex)).length;
          if (n) counted[status] = n;
        }
        return counted;
      };
      // One area per feature, in its unit's status colour, exactly as the tiles would be. A chart
      // redraws at most every 5 s, and the units keep reporting: compare until both agree.
      let seen: [Record<string, number>, Record<string, number>] = [{}, {}];
      for (let i = 0; i < 20; i++) {
        seen = [await drawn(), await expected()];
        if (JSON.stringify(Object.entries(seen[0]).sort()) === JSON.stringify(Object.entries(seen[1]).sort())) break;
        await page.waitForTimeout(1_000);
      }
      expect(seen[0]).toEqual(seen[1]);
      expect(Object.values(seen[0]).reduce((a, b) => a + b, 0)).toBe(fixture.features.length);
      const labels = await page.locator('[data-testid=province-map] svg text').allTextContents();
      expect(labels.join(' ')).toContain('Vinh');
      expect(await page.locator('[data-testid=province-map] [data-testid=map-legend] > span').count()).toBe(4);
      await page.screenshot({ path: join(ROOT, 'test/screenshots/province-map.png') });
    } finally {
      await context.close();
    }
  }, 90_000);

  it('stops the start with a clear error naming the feature that does not match a unit, bad JSON or a bad geometry', async () => {
    const unknown = structuredClone(fixture);
    unknown.features[3]!.properties.unit = 'atlantis';
    unknown.features[5]!.geometry = { type: 'Point', coordinates: [104, 19] };
    const bad = await startFails(configWith('unknown', JSON.stringify(unknown)));
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('map.geojson: feature 3 ("atlantis"): "atlantis" in "unit" is not a unit of the config');
    expect(bad.output).toContain('map.geojson: feature 5');
    expect(bad.output).toContain('has a Point geometry; a unit\'s area must be a Polygon or MultiPolygon');

    const broken = await startFails(configWith('broken', '{"type": "FeatureCollection", "features": ['));
    expect(broken.code).toBe(1);
    expect(broken.output).toMatch(/map\.geojson: cannot read \S+broken\.geojson as JSON/);
  }, 120_000);
});
