// The wall's service worker: keeps the app shell so that a screen that reloads while its
// server is down still opens, draws its last known state and reconnects by itself.
const CACHE = 'ioc-wall-shell-v2';
const SHELL = '/shell';
/** The shell whose files are all kept: nothing to do until the shell changes. */
const COMPLETE = '/shell-complete';

/** The hashed files a shell, script or style sheet names: `/assets/x-AbCd1234.js`, `./x-AbCd1234.js` in a chunk. */
function referencedAssets(text) {
  return [...text.matchAll(/(?:\/assets\/|assets\/|\.\/)([\w.-]+-[\w-]{8}\.(?:js|css|woff2))/g)].map((m) => `/assets/${m[1]}`);
}

async function cacheShell(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  const complete = await cache.match(COMPLETE);
  if (complete && (await complete.text()) === html) return;
  await cache.put(SHELL, response);
  let missing = 0;
  // Keep every file the shell needs, following the chunks it loads lazily (each screen's code, fonts),
  // so that any screen opens offline; drop the files of older versions.
  const keep = new Set();
  const queue = referencedAssets(html);
  while (queue.length) {
    const path = queue.shift();
    if (keep.has(path)) continue;
    keep.add(path);
    let hit = await cache.match(path);
    if (!hit) {
      const res = await fetch(path).catch(() => null);
      if (!res || !res.ok) {
        // Unreachable: try again next time. Not there (a name that only looked like a file): skip it.
        if (!res) missing += 1;
        keep.delete(path);
        continue;
      }
      await cache.put(path, res.clone());
      hit = res;
    }
    if (/\.(?:js|css)$/.test(path)) queue.push(...referencedAssets(await hit.text()));
  }
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !keep.has(path)) await cache.delete(request);
  }
  if (missing === 0) await cache.put(COMPLETE, new Response(html));
}

self.addEventListener('install', (event) => {
  event.waitUntil(fetch('/wall').then((res) => (res.ok ? cacheShell(res) : undefined)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Network first: the newest app while the server is up, the kept shell when it is not.
    event.respondWith(
      fetch(request)
        .then((res) => {
          if (res.ok) event.waitUntil(cacheShell(res.clone()));
          return res;
        })
        .catch(() => caches.match(SHELL).then((hit) => hit ?? Response.error())),
    );
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
  }
});
