import { WALL_PAGES } from '@shared/projection';

/** The wall's pages: the same list the desk's `show_page` is checked against. */
export const PAGES = WALL_PAGES;
export type PageName = (typeof PAGES)[number];

export interface RotationStep {
  page: PageName;
  seconds: number;
}

// Every page needs its seconds here: a page added to WALL_PAGES without them is a type error.
const DEFAULT_SECONDS = { overview: 60, localities: 30, plan: 30, models: 30 } satisfies Record<PageName, number>;

export const DEFAULT_ROTATION: RotationStep[] = PAGES.map((page) => ({ page, seconds: DEFAULT_SECONDS[page] }));

/** Reads `pages=overview:60,localities:30`; unknown pages and bad durations are skipped, an empty result means the default. */
export function parseRotation(param: string | null): RotationStep[] {
  if (!param) return DEFAULT_ROTATION;
  const steps: RotationStep[] = [];
  for (const part of param.split(',')) {
    const [name, secs] = part.split(':');
    const seconds = secs === undefined ? 60 : Number(secs);
    if ((PAGES as readonly string[]).includes(name ?? '') && Number.isFinite(seconds) && seconds >= 5 && seconds <= 86_400) {
      steps.push({ page: name as PageName, seconds });
    }
  }
  return steps.length ? steps : DEFAULT_ROTATION;
}

/** Wall options from the URL: pages, language, thresholds. */
export interface WallOptions {
  rotation: RotationStep[];
  lang: string | null;
  /** Seconds without news from the server before the stale banner shows. */
  staleAfter: number;
  /** Seconds a new alert holds the screen. */
  alertSeconds: number;
  /** `wide` draws the 32:9 layout; by default the screen's shape decides. */
  layout: 'auto' | 'wide' | 'standard';
}

export function parseWallOptions(search: string): WallOptions {
  const params = new URLSearchParams(search);
  const number = (name: string, fallback: number, min: number, max: number) => {
    const v = Number(params.get(name));
    return params.has(name) && Number.isFinite(v) && v >= min && v <= max ? v : fallback;
  };
  const layout = params.get('layout');
  return {
    rotation: parseRotation(params.get('pages')),
    lang: params.get('lang'),
    staleAfter: number('stale', 60, 5, 3600),
    alertSeconds: number('alert', 20, 0, 600),
    layout: layout === 'wide' || layout === 'standard' ? layout : 'auto',
  };
}
