import type { GroupConfig, IndicatorConfig, ItemConfig, ProvinceConfig, UnitConfig } from './config';

/** A province config indexed for look-ups: built once, shared by validation, the reducer and the screens. */
export interface Catalog {
  config: ProvinceConfig;
  units: Map<string, UnitConfig>;
  indicators: Map<string, IndicatorConfig>;
  groups: Map<string, GroupConfig>;
  items: Map<string, ItemConfig>;
  /** Each unit with the ids of its ancestors, nearest first. */
  ancestors: Map<string, string[]>;
  /** Ratio indicators that read each counter. */
  ratiosOf: Map<string, string[]>;
  /** Counters that have each counter among their `parts`. */
  wholesOf: Map<string, string[]>;
  /** The indicators whose province value can change when each indicator is reported: itself, its wholes and the ratios of both. */
  affects: Map<string, string[]>;
}

const catalogs = new WeakMap<ProvinceConfig, Catalog>();

/** Indexes a validated config; the same config object always gives the same catalog. */
export function catalogOf(config: ProvinceConfig): Catalog {
  const known = catalogs.get(config);
  if (known) return known;
  const units = new Map(config.units.map((u) => [u.id, u]));
  const ancestors = new Map<string, string[]>();
  for (const unit of config.units) {
    const chain: string[] = [];
    for (let p = unit.parent; p !== undefined && !chain.includes(p); p = units.get(p)?.parent) chain.push(p);
    ancestors.set(unit.id, chain);
  }
  const ratiosOf = new Map<string, string[]>();
  for (const ind of config.indicators) {
    if (ind.kind !== 'ratio') continue;
    for (const side of [ind.numerator, ind.denominator]) ratiosOf.set(side, [...(ratiosOf.get(side) ?? []), ind.id]);
  }
  const wholesOf = new Map<string, string[]>();
  for (const ind of config.indicators) {
    if (ind.kind === 'counter') for (const part of ind.parts ?? []) wholesOf.set(part, [...(wholesOf.get(part) ?? []), ind.id]);
  }
  const affects = new Map<string, string[]>();
  for (const ind of config.indicators) {
    const touched = [ind.id, ...(wholesOf.get(ind.id) ?? [])];
    affects.set(ind.id, [...new Set([...touched, ...touched.flatMap((id) => ratiosOf.get(id) ?? [])])]);
  }
  const catalog: Catalog = {
    config,
    units,
    indicators: new Map(config.indicators.map((i) => [i.id, i])),
    groups: new Map(config.groups.map((g) => [g.id, g])),
    items: new Map(config.items.map((i) => [i.id, i])),
    ancestors,
    ratiosOf,
    wholesOf,
    affects,
  };
  catalogs.set(config, catalog);
  return catalog;
}

/** True when `scope` is `unit` itself or one of its descendants. */
export function isWithin(catalog: Catalog, scope: string, unit: string): boolean {
  return scope === unit || (catalog.ancestors.get(scope)?.includes(unit) ?? false);
}

/** The text for `locale`, falling back to the config's default locale, then to any text. */
export function localized(text: Record<string, string> | undefined, locale: string, fallback: string): string {
  if (!text) return '';
  return text[locale] ?? text[fallback] ?? Object.values(text)[0] ?? '';
}
