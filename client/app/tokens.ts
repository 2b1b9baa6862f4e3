import type { ScreenName } from './routes';

/** Where each screen keeps its token: a console link opened on a wall's PC must not replace the wall's token. */
export const tokenKey = (screen: ScreenName): string => `ioc.token.${screen}`;
/** Where walls kept their token before each screen had its own. */
const LEGACY_KEY = 'ioc.token';

export interface TokenPlace {
  /** The address's fragment, e.g. `#token=...`. */
  hash: string;
  storage: Storage;
  /** Removes the fragment from the address bar. */
  clearHash: () => void;
}

/**
 * The token of `screen`: from the URL fragment (`#token=...`), remembered for this screen
 * only, so an unattended screen that reloads never needs a login form; otherwise the one
 * this screen remembered. The fragment is cleared from the address bar.
 */
export function screenToken(screen: ScreenName, place: TokenPlace = browserPlace()): string | null {
  const fromUrl = new URLSearchParams(place.hash.replace(/^#/, '')).get('token');
  if (fromUrl) {
    place.storage.setItem(tokenKey(screen), fromUrl);
    place.clearHash();
    return fromUrl;
  }
  const kept = place.storage.getItem(tokenKey(screen));
  if (kept !== null || screen !== 'wall') return kept;
  // A wall set up before tokens were kept per screen keeps working.
  const legacy = place.storage.getItem(LEGACY_KEY);
  if (legacy !== null) {
    place.storage.setItem(tokenKey('wall'), legacy);
    place.storage.removeItem(LEGACY_KEY);
  }
  return legacy;
}

function browserPlace(): TokenPlace {
  return {
    hash: window.location.hash,
    storage: window.localStorage,
    clearHash: () => history.replaceState(null, '', window.location.pathname + window.location.search),
  };
}
