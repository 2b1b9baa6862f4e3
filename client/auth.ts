const KEY = 'ioc.token';

/**
 * The page's token: from the URL fragment (`#token=...`), remembered so an unattended
 * screen that reloads never needs a login form. The fragment is cleared from the address bar.
 */
export function pageToken(): string | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    localStorage.setItem(KEY, fromUrl);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromUrl;
  }
  return localStorage.getItem(KEY);
}
