import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeIssues, ProvinceConfigSchema, type ProvinceConfig } from '@shared/config';
import { readProvinceMap, type ProvinceMap } from './geojson';

export const DEMO_CONFIG_PATH = fileURLToPath(new URL('../demo/nghe-an.json', import.meta.url));

export class ConfigError extends Error {
  constructor(
    readonly path: string,
    readonly problems: string[],
  ) {
    super(`Province config ${path} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates a province config, listing every problem by field. */
export function loadProvinceConfig(path: string = DEMO_CONFIG_PATH): ProvinceConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(path, [err instanceof Error ? err.message : String(err)]);
  }
  const parsed = ProvinceConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(path, describeIssues(parsed.error));
  // The province's own map is checked at start too: a feature that names no unit stops the start.
  const map = readProvinceMap(parsed.data, path);
  if ('problems' in map && map.problems.length) throw new ConfigError(path, map.problems);
  return parsed.data;
}

/** The map the config names (already checked by loadProvinceConfig), or null for the tile grid. */
export function loadProvinceMap(config: ProvinceConfig, path: string = DEMO_CONFIG_PATH): ProvinceMap | null {
  const map = readProvinceMap(config, path);
  if ('problems' in map) {
    if (map.problems.length) throw new ConfigError(path, map.problems);
    return null;
  }
  return map.map;
}
