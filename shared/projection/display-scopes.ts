import type { Catalog } from '../catalog';

/**
 * A map keyed by unit id as a display's snapshot carries it (display-pack.ts): the values in the
 * config's units order (`null` where the map has none, trailing ones left out), so no id is
 * repeated. Keys the config does not list (the province's `*`) and values `pack` cannot pack
 * stay as they were, in `rest`. A map holding few of the units is all `rest`: an array of nulls
 * would be longer than its ids.
 */
export interface ByUnit<P, V> {
  units?: (P | null)[];
  rest?: Record<string, V>;
}

/** A map holding fewer than this share of the config's units is kept as a map. */
const DENSE_SHARE = 1 / 8;

const positions = new WeakMap<Catalog, Map<string, number>>();
/** Each unit's place in the config's order, remembered per catalog. */
function unitIndex(catalog: Catalog): Map<string, number> {
  let index = positions.get(catalog);
  if (!index) {
    index = new Map(catalog.config.units.map((unit, i) => [unit.id, i]));
    positions.set(catalog, index);
  }
  return index;
}

/** `map` aligned with the config's units; `pack` gives null for a value it cannot pack exactly. */
export function packByUnit<P, V>(catalog: Catalog, map: Record<string, V>, pack: (value: V) => P | null): ByUnit<P, V> {
  const index = unitIndex(catalog);
  const ids = Object.keys(map);
  if (ids.length < index.size * DENSE_SHARE) return ids.length ? { rest: map } : {};
  const units: (P | null)[] = [];
  const rest: Record<string, V> = {};
  for (const id of ids) {
    const i = index.get(id);
    const packed = i === undefined ? null : pack(map[id]!);
    if (i === undefined || packed === null) {
      rest[id] = map[id]!;
      continue;
    }
    while (units.length < i) units.push(null);
    units[i] = packed;
  }
  return { units, ...(Object.keys(rest).length ? { rest } : {}) };
}

/** The map again from its packed form. */
export function unpackByUnit<P, V>(catalog: Catalog, packed: ByUnit<P, V>, unpack: (value: P) => V): Record<string, V> {
  const out: Record<string, V> = {};
  packed.units?.forEach((value, i) => {
    if (value !== null) out[catalog.config.units[i]!.id] = unpack(value);
  });
  return Object.assign(out, packed.rest);
}

/** Each entry of `map` packed with `pack` (one level of a nested map). */
export function mapValues<V, P>(map: Record<string, V>, pack: (value: V) => P): Record<string, P> {
  const out: Record<string, P> = {};
  for (const [key, value] of Object.entries(map)) out[key] = pack(value);
  return out;
}
