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
 * With `regions` in a config tag before it, it pushes one default for
 * everywhere else (the `*` rule, else the strictest) and one per region
 * entry (granted where the rule is not opt-in, the ad types denied under
 * GPC); data-region is then not needed.
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
  var TYPES = 'ad_storage ad_user_data ad_personalization analytics_storage functionality_storage personalization_storage'.split(' ');
  // Regions (docs/regions.md), when the config tag comes first: one default
  // per region entry (granted where the rule is not opt-in; under GPC the ad
  // types stay denied) and one for everywhere else (`*`, else opt-in if any
  // entry is). Google's regions are countries and subdivisions and the most
  // specific one wins, so "EU" is its member states.
  var config;
  try {
    config = JSON.parse(d.getElementById('consentry-config').textContent);
  } catch (e) {}
  var regions = config && config.regions;
  var gpc = regions && config.gpc !== false && navigator.globalPrivacyControl === true;
  function push(rule, region) {
    var v = { security_storage: 'granted', wait_for_update: 500 };
    TYPES.forEach(function (t) {
      v[t] = rule && rule != 'opt-in' && !(gpc && /^ad_/.test(t)) ? 'granted' : 'denied';
    });
    if (region) v.region = region;
    gtag('consent', 'default', v);
  }
  if (regions) {
    var rest = regions['*'];
    var k;
    for (k in regions) if (regions[k] == 'opt-in') rest = rest || 'opt-in';
    push(rest || 'opt-out');
    for (k in regions) {
      if (k != '*') push(regions[k], k == 'EU' ? 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' ') : [k]);
    }
  } else {
    push(0, opt.region && opt.region.split(','));
  }
  if (opt.adsDataRedaction != null) gtag('set', 'ads_data_redaction', true);
  if (opt.urlPassthrough != null) gtag('set', 'url_passthrough', true);
})(window, document);
