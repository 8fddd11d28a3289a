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

/* Web push (docs/notifications.md). The payload is what the worker composed for this person, in
 * their language and within the TLP rules: title, body, the incident's path, and, when they may
 * acknowledge, a single-use token. "Acknowledge" posts the token to the api (no session needed:
 * the token is the credential); "Open" (or a tap on the notification) opens the incident. */

async function showPush(data) {
  const actions = [];
  if (data.ackToken) actions.push({ action: 'acknowledge', title: data.labels.acknowledge });
  actions.push({ action: 'open', title: data.labels.open });
  await self.registration.showNotification(data.title, {
    body: data.body,
    tag: data.tag,
    lang: data.lang,
    icon: '/icon-192.png',
    badge: '/icon-192.png',
    renotify: true,
    requireInteraction: Boolean(data.ackToken),
    data,
    actions,
  });
}

async function acknowledge(data) {
  let outcome = 'failed';
  try {
    const url = new URL(`notifications/ack/${encodeURIComponent(data.ackToken)}`, self.registration.scope);
    const response = await fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json' },
      credentials: 'omit',
    });
    const answer = await response.json().catch(() => ({}));
    outcome = response.ok ? answer.outcome || 'acknowledged' : answer.reason || answer.outcome || 'failed';
  } catch {
    // Offline: say so; the person can still open the incident.
  }
  const done = outcome === 'acknowledged' || outcome === 'verified';
  // The same tag replaces the notification: the result, with "Open" only.
  await self.registration.showNotification(data.title, {
    body: `${done ? data.labels.acknowledged : data.labels.failed}${data.code ? ` — ${data.code}` : ''}`,
    tag: data.tag,
    lang: data.lang,
    icon: '/icon-192.png',
    data: { ...data, ackToken: undefined },
    actions: [{ action: 'open', title: data.labels.open }],
  });
  return { outcome };
}

async function openPage(data) {
  const url = new URL(data.url || '/', self.registration.scope).href;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) {
    if (new URL(client.url).origin !== self.location.origin) continue;
    // Focusing needs the click's user activation; without it, the page still moves to the incident.
    const target = await client.focus().catch(() => client);
    if ('navigate' in target) {
      const navigated = await target.navigate(url).catch(() => null);
      if (navigated) return { outcome: 'opened', url };
    }
  }
  await self.clients.openWindow(url);
  return { outcome: 'opened', url };
}

async function handleNotificationClick(notification, action) {
  const data = notification.data || {};
  notification.close();
  if (action === 'acknowledge' && data.ackToken) return acknowledge(data);
  return openPage(data);
}

self.addEventListener('push', (event) => {
  let data;
  try {
    data = event.data.json();
  } catch {
    return;
  }
  if (!data || data.v !== 1) return;
  event.waitUntil(showPush(data));
});

self.addEventListener('notificationclick', (event) => {
  event.waitUntil(handleNotificationClick(event.notification, event.action));
});

// The handlers the events above call, reachable from DevTools (the browser test drives a click
// through them: headless Chromium has no notification centre to click in).
self.tocsinPush = { showPush, handleNotificationClick };
