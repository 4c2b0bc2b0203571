/*! Consentry Consent Mode defaults: a classic script right after the stub,
 * before any Google tag (ES5, synchronous).
 *
 *   <script src="consentry-stub.js"></script>
 *   <script src="consentry-consent-mode.js" data-region="ES,FR"></script>
 *
 * It pushes gtag('consent', 'default', ...) with every type denied but
 * security_storage, and wait_for_update 500 ms, so that the tags that follow
 * start denied; the core pushes 'update' once it has decided. Options on its
 * tag: data-region="ES,FR" (comma-separated, no spaces),
 * data-ads-data-redaction, data-url-passthrough. It reads its tag, not the
 * JSON config: that may come later, and this must run before any tag.
 *
 * It is its own file because only the sites that use Consent Mode need it:
 * the stub every page loads carries none of it (docs/size.md). `__cyGcm`
 * tells the core the defaults were pushed; without it the core pushes them
 * itself, late, and says so.
 */
(function (w, d) {
  if (w.__cyGcm) return;
  w.__cyGcm = 1;
  var opt = (d.currentScript && d.currentScript.dataset) || {};
  var layer = (w.dataLayer = w.dataLayer || []);
  // gtag.js reads only `arguments` objects from the dataLayer, never arrays.
  var gtag = function () {
    layer.push(arguments);
  };
  var defaults = { security_storage: 'granted', wait_for_update: 500 };
  'ad_storage ad_user_data ad_personalization analytics_storage functionality_storage personalization_storage'
    .split(' ')
    .forEach(function (t) {
      defaults[t] = 'denied';
    });
  if (opt.region) defaults.region = opt.region.split(',');
  gtag('consent', 'default', defaults);
  if (opt.adsDataRedaction != null) gtag('set', 'ads_data_redaction', true);
  if (opt.urlPassthrough != null) gtag('set', 'url_passthrough', true);
})(window, document);
