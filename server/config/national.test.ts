import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProvinceConfig } from './load';
import { nationalConfig, PROVINCES_2025, provinceDeploymentConfig, rollupConfig, TASKS_PER_COMMUNE } from './national';

const dir = mkdtempSync(join(tmpdir(), 'ioc-national-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Through the file and the loader the server uses at start. */
const load = (name: string, config: unknown) => {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(config));
  return loadProvinceConfig(path);
};

describe('the national configs (2025 shape)', () => {
  it('nationalConfig() loads as one deployment with 34 provinces and 3,321 communes under them', () => {
    const config = load('national', nationalConfig());
    const provinces = config.units.filter((u) => u.parent === undefined);
    const communes = config.units.filter((u) => u.parent !== undefined);
    expect(provinces).toHaveLength(34);
    expect(communes).toHaveLength(3_321);
    expect(new Set(communes.map((c) => c.parent))).toEqual(new Set(provinces.map((p) => p.id)));
    expect(config.items).toHaveLength(3_321 * TASKS_PER_COMMUNE);
  });

  it('provinceDeploymentConfig() loads for each of the 34 provinces, and their communes add up to 3,321', () => {
    const communes = PROVINCES_2025.map((p) => load(p.id, provinceDeploymentConfig(p)).units.length);
    expect(communes).toHaveLength(34);
    expect(communes.reduce((a, b) => a + b, 0)).toBe(3_321);
  });

  it('rollupConfig() loads with the 34 provinces as its units', () => {
    expect(load('rollup', rollupConfig()).units.map((u) => u.id)).toEqual(PROVINCES_2025.map((p) => p.id));
  });

  it('gives the same config on every call', () => {
    expect(JSON.stringify(nationalConfig())).toBe(JSON.stringify(nationalConfig()));
  });
});
