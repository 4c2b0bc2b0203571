/*! Consentry GPP stub: right after consentry-stub.js on a site that
 * configures `regions` or `gpp` (classic, synchronous, ES5;
 * pkg/consentry-gpp-stub.js). The config tag comes before both.
 *
 * The IAB's GPP CMP API (v1.1) has to exist before any ad tag runs, long
 * before the core and the GPP module have loaded, so this defines it at once:
 * - window.__gpp(command, callback, parameter, version): `ping` answers
 *   synchronously (signalStatus "not ready", cmpStatus "stub", the
 *   supported and the applicable sections, which follow from the config
 *   and the page's region); every other command is queued; called with no
 *   arguments it returns the queue, which the GPP module (js/iab/gpp-cmp.js)
 *   takes over and answers in order once loaded;
 * - the `__gppLocator` iframe, which tells framed vendors that a CMP is
 *   here, and the postMessage protocol: a `{__gppCall: {command, parameter,
 *   version, callId}}` message (an object or its JSON text) is answered
 *   with `{__gppReturn: {returnValue, success, callId}}` in the same form,
 *   through whichever __gpp is current.
 * It also tells the base stub (its `o()`, once) what runs from the start
 * where the page's rule is not opt-in, so tags there do not wait for the
 * core: for that it must be the script right after consentry-stub.js.
 * Once loaded, the GPP module sets `__gpp.r(command, callback, parameter)`
 * and every later call goes there. `__gpp.s` is what this stub read
 * (`{rule, region, supported, applicable, open}`), for the module to check
 * against its own reading (tests/e2e/regions.test.mjs).
 */
(function (w, d) {
  'use strict';
  if (typeof w.__gpp === 'function') return; // another CMP (or this one twice): leave it
  var queue = [];
  var IDS = { tcfeuv2: 2, usnat: 7, usca: 8 };

  /* The config's sections and the page's rule (Regions::rule_for in
   * src/core/config/regions.rs: the region's entry, its country's, `*`,
   * else the strictest rule). */
  function read() {
    var s = { rule: 'opt-in', region: '', supported: [], applicable: [-1] };
    var script = d.currentScript;
    try {
      var c = JSON.parse(d.getElementById('consentry-config').textContent);
      var r = c.regions || {};
      var g = c.gpp === true ? ['usnat', 'usca'] : (c.gpp && c.gpp.sections) || [];
      // The region: the page's, else this tag's, else the base stub's tag's.
      var before = script && script.previousElementSibling;
      var z =
        d.documentElement.getAttribute('data-consentry-region') ||
        (script && script.getAttribute('data-region')) ||
        (before && before.getAttribute('data-region')) ||
        '';
      var order = ['none', 'notice', 'opt-out', 'opt-in'];
      var strictest = -1;
      var k;
      for (k in r) strictest = Math.max(strictest, order.indexOf(r[k]));
      if (c.tcf) g = ['tcfeuv2'].concat(g);
      s.region = z;
      s.rule = (z && (r[z] || r[z.slice(0, 2)] || r['*'])) || order[strictest] || 'opt-in';
      s.supported = g.map(function (n) {
        return IDS[n] + ':' + n;
      });
      s.applicable = applicable(s.rule, z, g);
      s.open = s.rule !== 'opt-in' && open(c);
    } catch (e) {
      // no config tag before this script: the module answers once loaded
    }
    return s;
  }

  /* What runs from the start where the rule is not opt-in and no choice is
   * stored (js/iab/gpp-page.js grants the same): every category but, under
   * GPC, those marked sale, sharing or targetedAds. */
  function open(c) {
    var name = (c.cookie && c.cookie.name) || 'consentry';
    if ((' ' + d.cookie).indexOf(' ' + name + '=') >= 0) return 0; // the core reads the choice
    var gpc = c.gpc !== false && navigator.globalPrivacyControl === true;
    var list = [];
    for (var k in c.categories) {
      var x = c.categories[k] || {};
      if (x.required || !(gpc && (x.sale || x.sharing || x.targetedAds))) list.push(k);
    }
    return list;
  }

  /* The section that applies: California's, else the national one, in
   * a US region under a rule other than opt-in; TCF's where it is on and
   * the rule is opt-in; else none ([0]). */
  function applicable(rule, region, sections) {
    var has = function (n) {
      return sections.indexOf(n) >= 0;
    };
    if (rule !== 'opt-in' && region.slice(0, 2) === 'US') {
      if (region === 'US-CA' && has('usca')) return [8];
      if (has('usnat')) return [7];
    }
    if (rule === 'opt-in' && has('tcfeuv2')) return [2];
    return [0];
  }

  var state = read();
  // The base stub holds until it hears from this script (it hands the head
  // start only to the script right after its own tag, once).
  // (A base stub that cannot tell where it is, with no document.currentScript,
  // throws here: then there is no head start, and __gpp still comes.)
  try {
    var headStart = w.__cyStub && w.__cyStub.o && w.__cyStub.o();
    if (headStart && state.open) headStart(state.open);
  } catch (e) {}

  var api = (w.__gpp = function (command, callback, parameter) {
    if (!arguments.length) return queue;
    if (api.r) return api.r(command, callback, parameter);
    if (command === 'ping') {
      var pong = {
        gppVersion: '1.1',
        cmpStatus: 'stub',
        cmpDisplayStatus: 'hidden',
        signalStatus: 'not ready',
        supportedAPIs: state.supported,
        cmpId: 0,
        sectionList: [],
        applicableSections: state.applicable,
        gppString: '',
        parsedSections: {},
      };
      if (typeof callback === 'function') callback(pong, true);
      return pong;
    }
    queue.push([command, callback, parameter]);
  });
  api.r = null;
  api.s = state;

  frameApi(w, d, '__gpp', 'GPP locator', function (call, callback) {
    w.__gpp(call.command, callback, call.parameter, call.version);
  });

  __FRAME_API__
})(window, document);
