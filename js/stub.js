/*! Consentry stub: first script in <head>. Defines the API queue that
 * page code can push to before the core has loaded:
 *   window.consentry = window.consentry || [];
 *   consentry.push(function (api) { ... });
 * The core (consentry.js) replaces the queue with the API and runs each
 * queued function, in order, once it has started.
 *
 * Google Consent Mode v2: with `data-consent-mode` on this script's tag the
 * stub pushes the defaults (every type denied but security_storage) before
 * any tag can run; options: data-region="ES,FR", data-wait-for-update="500",
 * data-ads-data-redaction, data-url-passthrough. (It cannot read the JSON
 * config: that tag comes after this one.) */
(function (w, d) {
  'use strict';
  var q = w.consentry;
  if (!q || typeof q.push !== 'function') {
    w.consentry = [];
  }
  var tag = d.currentScript;
  if (tag && tag.hasAttribute('data-consent-mode') && !w.__consentryConsentDefault) {
    w.__consentryConsentDefault = true;
    var layer = (w.dataLayer = w.dataLayer || []);
    // gtag.js reads only `arguments` objects from the dataLayer, never arrays.
    var gtag = function () {
      layer.push(arguments);
    };
    var denied = 'denied';
    var defaults = {
      ad_storage: denied,
      ad_user_data: denied,
      ad_personalization: denied,
      analytics_storage: denied,
      functionality_storage: denied,
      personalization_storage: denied,
      security_storage: 'granted',
      wait_for_update: +tag.getAttribute('data-wait-for-update') || 500,
    };
    var region = tag.getAttribute('data-region');
    if (region) defaults.region = region.split(/\s*,\s*/);
    gtag('consent', 'default', defaults);
    if (tag.hasAttribute('data-ads-data-redaction')) gtag('set', 'ads_data_redaction', true);
    if (tag.hasAttribute('data-url-passthrough')) gtag('set', 'url_passthrough', true);
  }
})(window, document);
