import { localized, type Catalog } from '@shared/catalog';

/** Localized names from the province config, falling back to its default locale. */
export function namesFor(catalog: Catalog, lang: string) {
  const fallback = catalog.config.defaultLocale;
  const text = (t: Record<string, string> | undefined, id: string) => localized(t, lang, fallback) || id;
  return {
    unit: (id: string) => text(catalog.units.get(id)?.name, id),
    unitShort: (id: string) => {
      const u = catalog.units.get(id);
      return text(u?.short ?? u?.name, id);
    },
    indicator: (id: string) => text(catalog.indicators.get(id)?.name, id),
    item: (id: string) => text(catalog.items.get(id)?.title, id),
    official: (id: string) => localized(catalog.items.get(id)?.official, lang, fallback),
    group: (id: string) => text(catalog.groups.get(id)?.name, id),
    province: () => text(catalog.config.province.name, catalog.config.province.id),
  };
}
export type Names = ReturnType<typeof namesFor>;
