/* Portico service worker.
 *
 * - Precaches the offline page, the manifest, the icons and the app shell (the
 *   stylesheet, the JS, the main WASM and the chunk loader). The pages' WASM
 *   chunks are cached as pages fetch them: a customer never downloads the
 *   back office.
 * - Navigations: network first; offline -> the cached /offline.html. Pages are
 *   never written to the cache (they carry user data).
 * - The app bundle (/pkg/): every file is named by its content's hash and
 *   never changes, so the cache answers first. A release brings new names
 *   (and a new CACHE_VERSION), and the old cache is dropped on activation.
 * - Other static assets (/icons/, manifest, fonts, images): stale-while-revalidate.
 * - Everything else (/api/, non-GET, cross-origin, other GETs) goes straight to
 *   the network, untouched.
 *
 * The build (`cargo xtask build`) rewrites the PKG_FILES and CACHE_VERSION
 * lines with the hashed names of this release; as written here they serve
 * unhashed development builds.
 */
'use strict';

const CACHE_VERSION = 'dev';
const CACHE_NAME = `portico-shell-${CACHE_VERSION}`;
const OFFLINE_URL = '/offline.html';
const PKG_FILES = ['/pkg/portico.css', '/pkg/portico.js', '/pkg/portico.wasm'];

const PRECACHE_URLS = [
  OFFLINE_URL,
  '/manifest.webmanifest',
  '/favicon.ico',
  '/icons/icon.svg',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/maskable-512.png',
  '/icons/apple-touch-icon.png',
  ...PKG_FILES,
];

const STATIC_PREFIXES = ['/pkg/', '/icons/'];
const STATIC_FILES = ['/manifest.webmanifest', '/favicon.ico', '/favicon.png'];
const STATIC_EXTENSION = /\.(?:css|js|wasm|png|jpe?g|gif|webp|avif|svg|ico|woff2?|ttf|otf)$/i;

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(
    caches.open(CACHE_NAME).then((cache) =>
      // One request per asset, each with its own catch: a missing asset
      // (e.g. no /pkg/ bundle in a dev build) must never fail the install.
      Promise.all(
        PRECACHE_URLS.map((url) =>
          fetch(new Request(url, { cache: 'reload', credentials: 'same-origin' }))
            .then((response) => {
              // A redirect (e.g. to /login) means the asset is not public: skip it.
              if (!response.ok || response.redirected) throw new Error(`${response.status} ${url}`);
              return cache.put(url, response);
            })
            .catch((err) => console.warn('Portico SW: not precached:', url, err))
        )
      )
    )
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('portico-') && key !== CACHE_NAME)
            .map((key) => caches.delete(key))
        )
      )
      .then(() => self.clients.claim())
  );
});

function isStaticAsset(url) {
  if (url.pathname.startsWith('/api/')) return false;
  return (
    STATIC_PREFIXES.some((prefix) => url.pathname.startsWith(prefix)) ||
    STATIC_FILES.includes(url.pathname) ||
    STATIC_EXTENSION.test(url.pathname)
  );
}

async function networkFirstNavigation(request) {
  try {
    // Deliberately not cached: rendered pages contain the user's data.
    return await fetch(request);
  } catch (err) {
    const offline = await caches.match(OFFLINE_URL);
    return (
      offline ||
      new Response('You are offline.', {
        status: 503,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      })
    );
  }
}

async function cacheFirstBundle(request) {
  const cache = await caches.open(CACHE_NAME);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.status === 200 && response.type === 'basic' && !response.redirected) {
    await cache.put(request, response.clone());
  }
  return response;
}

async function staleWhileRevalidate(event) {
  const { request } = event;
  const cache = await caches.open(CACHE_NAME);
  const cached = await cache.match(request);
  const refresh = fetch(request)
    .then((response) => {
      // Only complete, successful same-origin responses; never partial (206) ones.
      if (response.status === 200 && response.type === 'basic' && !response.redirected) {
        return cache.put(request, response.clone()).then(() => response);
      }
      return response;
    })
    .catch(() => null);

  if (cached) {
    event.waitUntil(refresh); // update in the background
    return cached;
  }
  const fresh = await refresh;
  return fresh || Response.error();
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;

  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) return;

  if (request.mode === 'navigate') {
    event.respondWith(networkFirstNavigation(request));
    return;
  }

  // Range requests (media) and anything not clearly static go to the network.
  if (request.headers.has('range')) return;
  // The bundle, a page's chunks and the translation catalogues are named
  // by their content.
  if (['/pkg/', '/chunks/', '/i18n/'].some((prefix) => url.pathname.startsWith(prefix))) {
    event.respondWith(cacheFirstBundle(request));
  } else if (isStaticAsset(url)) {
    event.respondWith(staleWhileRevalidate(event));
  }
  // Other GETs (JSON, HTML fragments, ...) fall through to the network, uncached.
});
