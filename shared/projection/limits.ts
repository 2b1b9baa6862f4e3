// A leaf (no imports): the briefing's config reads this limit, and shared/config.ts, which the projection imports, reads the briefing's config.

/** How many progress reports per item the projection keeps: the forecast's longest window. */
export const MAX_PROGRESS_HISTORY = 10;
