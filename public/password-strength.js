// The strength hint under a new-password field, while typing: length is
// what makes a password strong (NIST SP 800-63B), so the hint counts
// characters; the server still applies every rule on submit. Plain script,
// so it works before the WASM loads and after, on pages rendered later
// too (one listener on the document). The texts come translated in the
// hint's data-* attributes. Loaded with defer; the CSP forbids inline scripts.
(function () {
  'use strict';
  var MIN = 12;
  function level(length) {
    if (length === 0) return 'empty';
    if (length < MIN) return 'short';
    if (length < 16) return 'fair';
    if (length < 20) return 'good';
    return 'strong';
  }
  document.addEventListener('input', function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.id) return;
    var hint = document.querySelector('[data-strength-for="' + input.id + '"]');
    if (!hint) return;
    // Characters as the server counts them (code points, not UTF-16 units).
    var length = Array.from(input.value).length;
    var now = level(length);
    var text = hint.querySelector('.strength-text');
    hint.setAttribute('data-level', now);
    if (text) {
      var words = now === 'empty' ? '' : hint.getAttribute('data-' + now) || '';
      text.textContent = words.replace('{count}', String(Math.max(MIN - length, 0)));
    }
  });
})();
