/* Tocsin service worker: caches the app shell (HTML, scripts, styles, icons), never the data.
 * GraphQL (/graphql), health and metrics routes always go to the network. */
const VERSION = '__BUILD_ID__';
const SHELL = `tocsin-shell-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      const assets = await fetch('/asset-manifest.json')
        .then((r) => (r.ok ? r.json() : {}))
        .catch(() => ({}));
      const files = new Set(['/', '/manifest.webmanifest', '/icon.svg', '/icon-192.png']);
      for (const entry of Object.values(assets)) {
        if (entry.isEntry) {
          files.add(`/${entry.file}`);
          for (const css of entry.css ?? []) files.add(`/${css}`);
          for (const imp of entry.imports ?? []) {
            const dep = assets[imp];
            if (dep) files.add(`/${dep.file}`);
          }
        }
      }
      await cache.addAll([...files]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== SHELL) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

function isData(url) {
  return /^\/(graphql|healthz|readyz|metrics|webhooks|ack)(\/|$|\?)/.test(url.pathname);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || isData(url)) return;
  if (request.mode === 'navigate') {
    // Network first for pages, so a new release shows at once; the cached shell when offline.
    event.respondWith(fetch(request).catch(async () => (await caches.match('/')) ?? Response.error()));
    return;
  }
  if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/icon')) {
    // Hashed file names: cache first, and keep what was fetched (lazy screens) for next time.
    event.respondWith(
      (async () => {
        const cached = await caches.match(request);
        if (cached) return cached;
        const response = await fetch(request);
        if (response.ok) (await caches.open(SHELL)).put(request, response.clone());
        return response;
      })(),
    );
  }
});
