export const SCREENS = ['wall', 'briefing', 'console', 'admin', 'desk'] as const;
export type ScreenName = (typeof SCREENS)[number];

/** The screen at `pathname` (`/` is the wall), or null for an address that is no screen. */
export function screenAt(pathname: string): ScreenName | null {
  const path = pathname.replace(/\/+$/, '') || '/wall';
  const name = path.slice(1);
  return (SCREENS as readonly string[]).includes(name) ? (name as ScreenName) : null;
}
