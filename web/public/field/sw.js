/* Service worker of the field page (scope /field/). Plain JS: it is served as is, not bundled.
 * - app shell: the page and its hashed assets, precached at install (asset URLs read from the page),
 *   pages network-first (fresh when online, cached when not), assets cache-first (hashed = immutable);
 * - map: style.json and recently viewed tiles network-first with a bounded cache (never stale online);
 * - API: never cached here (answers depend on the caller); reports wait in IndexedDB instead. */
const VERSION = 'field-v1';
const SHELL = `${VERSION}-shell`;
const MAP = `${VERSION}-map`;
const MAX_MAP_ENTRIES = 600;
const PAGE = '/field/';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      const res = await fetch(PAGE, { cache: 'no-store', credentials: 'same-origin' });
      const html = await res.clone().text();
      await cache.put(PAGE, res);
      const assets = [...html.matchAll(/(?:src|href)="(\/(?:assets|field)\/[^"?#]+)"/g)].map((m) => m[1]);
      await cache.addAll([...new Set([...assets, '/field/manifest.webmanifest', '/field/icon.svg', '/field/icon-192.png'])]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (!key.startsWith(`${VERSION}-`)) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

let puts = 0;
async function trim(cache) {
  if (++puts % 50) return;
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - MAX_MAP_ENTRIES))) await cache.delete(key);
}

async function networkFirst(request, cacheName, key = request) {
  const cache = await caches.open(cacheName);
  try {
    const res = await fetch(request);
    if (res.ok && res.status === 200) {
      await cache.put(key, res.clone());
      if (cacheName === MAP) await trim(cache);
    }
    return res;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request);
  if (cached) return cached;
  const res = await fetch(request);
  if (res.ok && res.status === 200) await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (request.mode === 'navigate' && /^\/field\/?(index\.html)?$/.test(path)) {
    event.respondWith(networkFirst(request, SHELL, PAGE));
  } else if (path.startsWith('/assets/') || (path.startsWith('/field/') && path !== '/field/sw.js')) {
    event.respondWith(cacheFirst(request));
  } else if (path.startsWith('/tiles/') || path === '/style.json' || path === '/api/field/categories') {
    event.respondWith(networkFirst(request, MAP));
  }
});
