import type { ItemStatus } from '@shared/config';
import type { IndicatorStatus } from '@shared/projection';

/**
 * Every colour of the screens, defined here once: the style sheets read them as CSS custom
 * properties (`--panel-edge` for `panelEdge`, set by `applyTheme`), charts and inline styles import them.
 */
export const colours = {
  bg: '#070d1a',
  panel: '#0f1930',
  panelEdge: '#1e2b47',
  /** Rows raised inside a panel (alerts). */
  raised: '#1a1f35',
  /** The empty part of bars; chart grid lines. */
  track: '#1e293b',
  axis: '#334155',
  text: '#e2e8f0',
  muted: '#94a3b8',
  faint: '#64748b',
  /** Dark text on a bright fill (tiles, badges). */
  ink: '#0b1220',
  ok: '#22c55e',
  warn: '#f59e0b',
  bad: '#ef4444',
  accent: '#38bdf8',
  nodata: '#475569',
  blocked: '#a855f7',
  silent: '#a78bfa',
  onBad: '#ffffff',
  onWarn: '#111827',
  warnBg: '#78350f',
  warnText: '#fde68a',
  badBg: '#7f1d1d',
  badText: '#fecaca',
  alarmBg: '#450a0a',
} as const;

export const STATUS_COLOURS: Record<IndicatorStatus, string> = { ok: colours.ok, warn: colours.warn, bad: colours.bad, nodata: colours.nodata };
export const ITEM_COLOURS: Record<ItemStatus, string> = { done: colours.ok, in_progress: colours.accent, not_started: colours.faint, blocked: colours.blocked };

/** The bundled font (client/ui/font.css), so every screen draws the same whatever the PC has installed. */
export const FONT_FAMILY = "'Noto Sans Variable', 'Noto Sans', sans-serif";

/** Writes the colours as CSS custom properties on the document. */
export function applyTheme(root: HTMLElement = document.documentElement): void {
  for (const [name, value] of Object.entries(colours)) root.style.setProperty(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, value);
  root.style.setProperty('--font', FONT_FAMILY);
}
