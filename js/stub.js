/*! Consentry stub: first script in <head>. Defines the API queue that
 * page code can push to before the core has loaded:
 *   window.consentry = window.consentry || [];
 *   consentry.push(function (api) { ... });
 * The core (consentry.js) replaces the queue with the API and runs each
 * queued function, in order, once it has started. */
(function (w) {
  'use strict';
  var q = w.consentry;
  if (!q || typeof q.push !== 'function') {
    w.consentry = [];
  }
})(window);
