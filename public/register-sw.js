// Registers the Portico service worker (offline page + static asset cache).
// Loaded as <script src="/register-sw.js" defer></script>; the CSP forbids inline scripts.
(function () {
  'use strict';
  if (!('serviceWorker' in navigator)) return;
  var register = function () {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function (err) {
      // Not fatal: the portal works without the service worker.
      console.warn('Portico: service worker registration failed', err);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
})();
