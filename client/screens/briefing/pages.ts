import type { LateUnit } from '@shared/briefing';
import type { Slide } from '@shared/briefing/config';

/** How much room a late slide has, in rows of its list (a unit's heading, an official, an item's two lines). */
export const LATE_ROOM = 14;
/** The same on a printed A4 landscape page, which is taller than the screen and has no presenter's strip. */
export const PRINT_LATE_ROOM = 21;
const weight = { unit: 1, official: 0.8, item: 1.5 };

/** The late units split into slides that fit: a unit too long for one slide goes on with the next. */
export function latePages(units: LateUnit[], room = LATE_ROOM): LateUnit[][] {
  const pages: LateUnit[][] = [];
  let page: LateUnit[] = [];
  let used = 0;
  for (const unit of units) {
    for (const official of unit.officials) {
      for (const item of official.items) {
        const lastUnit = page.at(-1);
        const sameUnit = lastUnit?.unit === unit.unit;
        const lastOfficial = sameUnit ? lastUnit!.officials.at(-1) : undefined;
        const sameOfficial = lastOfficial !== undefined && lastOfficial.official === official.official;
        const cost = (sameUnit ? 0 : weight.unit) + (sameOfficial ? 0 : weight.official) + weight.item;
        if (page.length && used + cost > room) {
          pages.push(page);
          page = [];
          page.push({ ...unit, officials: [{ official: official.official, items: [item] }] });
          used = weight.unit + weight.official + weight.item;
          continue;
        }
        used += cost;
        if (!sameUnit) page.push({ ...unit, officials: [] });
        if (!sameOfficial) page.at(-1)!.officials.push({ official: official.official, items: [] });
        page.at(-1)!.officials.at(-1)!.items.push(item);
      }
    }
  }
  if (page.length || !pages.length) pages.push(page);
  return pages;
}

export interface Page {
  slide: Slide;
  /** For a slide that takes several pages (the late items), which one, from 0. */
  part: number;
  parts: number;
  /** The late units on this page. */
  late?: LateUnit[];
}

/** The pages to show or print: one per slide, the late items over as many as they need. */
export function briefingPages(slides: readonly Slide[], late: LateUnit[], lateRoom = LATE_ROOM): Page[] {
  return slides.flatMap((slide): Page[] => {
    if (slide !== 'late') return [{ slide, part: 0, parts: 1 }];
    const parts = latePages(late, lateRoom);
    return parts.map((late, part) => ({ slide, part, parts: parts.length, late }));
  });
}
