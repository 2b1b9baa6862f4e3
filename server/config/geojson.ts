import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ProvinceConfig } from '@shared/config';

/** The province's map as served to screens: a GeoJSON FeatureCollection, checked against the config's units. */
export interface ProvinceMap {
  /** The file's text, served as it is. */
  text: string;
  features: number;
}

type Position = number[];

const isPosition = (p: unknown): p is Position => Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n));
const isRing = (r: unknown): boolean => Array.isArray(r) && r.length >= 4 && r.every(isPosition);
const isPolygon = (c: unknown): boolean => Array.isArray(c) && c.length >= 1 && c.every(isRing);

/** Why a feature's geometry cannot be drawn as an area, or null when it can (Polygon or MultiPolygon). */
function geometryProblem(geometry: unknown): string | null {
  if (typeof geometry !== 'object' || geometry === null) return 'has no geometry';
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (type === 'Polygon') return isPolygon(coordinates) ? null : 'has a Polygon whose coordinates are not rings of [longitude, latitude] (each ring 4 positions or more)';
  if (type === 'MultiPolygon') return Array.isArray(coordinates) && coordinates.length >= 1 && coordinates.every(isPolygon) ? null : 'has a MultiPolygon whose coordinates are not polygons of [longitude, latitude] rings';
  return `has a ${String(type)} geometry; a unit's area must be a Polygon or MultiPolygon`;
}

/**
 * Reads and checks the map a config names (`map.geojson`, relative to the config at `configPath`):
 * a FeatureCollection whose every feature is a Polygon or MultiPolygon naming a known unit in
 * `map.property`. Returns every problem, each naming its feature, or the map.
 */
export function readProvinceMap(config: ProvinceConfig, configPath: string): { map: ProvinceMap } | { problems: string[] } {
  if (!config.map) return { problems: [] };
  const { geojson, property } = config.map;
  const path = resolve(dirname(configPath), geojson);
  let text: string;
  let data: unknown;
  try {
    text = readFileSync(path, 'utf8');
    data = JSON.parse(text);
  } catch (err) {
    return { problems: [`map.geojson: cannot read ${path} as JSON: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const { type, features } = (typeof data === 'object' && data !== null ? data : {}) as { type?: unknown; features?: unknown };
  if (type !== 'FeatureCollection' || !Array.isArray(features)) return { problems: [`map.geojson: ${path} is not a GeoJSON FeatureCollection with a "features" list`] };
  const units = new Set(config.units.map((u) => u.id));
  const problems: string[] = [];
  features.forEach((feature: unknown, i) => {
    const f = (typeof feature === 'object' && feature !== null ? feature : {}) as { properties?: Record<string, unknown> | null; geometry?: unknown };
    const value = f.properties?.[property];
    const name = `map.geojson: feature ${i}${typeof value === 'string' ? ` ("${value}")` : ''}`;
    if (typeof value !== 'string') problems.push(`${name} has no "${property}" property naming a unit`);
    else if (!units.has(value)) problems.push(`${name}: "${value}" in "${property}" is not a unit of the config`);
    const geometry = geometryProblem(f.geometry);
    if (geometry) problems.push(`${name} ${geometry}`);
  });
  if (!features.length) problems.push(`map.geojson: ${path} has no features`);
  return problems.length ? { problems } : { map: { text, features: features.length } };
}
