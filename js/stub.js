/*! Consentry stub: the first script in <head> (classic, synchronous, ES5).
 *
 * 1. The API queue: page code may push before the core has loaded
 *      window.consentry = window.consentry || [];
 *      consentry.push(function (api) { ... });
 *    The core (consentry.js) replaces the queue with the API and runs each
 *    queued function, in order, once it has started.
 *
 * 2. Blocking. What other scripts add at run time is held when it aims at a
 *    known tracker (data/trackers.json, inlined as __TRACKERS__ by
 *    scripts/package.mjs) or at a host the config's blocking.hosts lists:
 *    the src of script, iframe and img elements (property, setAttribute,
 *    new Image()), scripts inserted or parsed with a src already set
 *    (appendChild/insertBefore, a MutationObserver), fetch, sendBeacon and
 *    XMLHttpRequest. Until the core decides, everything matched is held; then
 *    held things of granted categories run in order and the others are
 *    dropped; afterwards matched requests pass or are blocked as they come.
 *    If the core never loads, nothing held is released (fail closed).
 *
 * 3. Google Consent Mode v2: with `data-consent-mode` on this script's tag
 *    the stub pushes the defaults (every type denied but security_storage,
 *    wait_for_update 500 ms) before any tag can run; options:
 *    data-region="ES,FR" (comma-separated, no spaces),
 *    data-ads-data-redaction, data-url-passthrough. (It cannot read the JSON
 *    config in time for that: the config tag comes after this one.) Every
 *    byte here counts against the stub's 2,000-byte budget.
 *
 * The core <-> stub interface (apply() in js/activate.js is the other side):
 *   window.__cyStub, a hidden (non-enumerable) object:
 *     d(granted)  the core's decision: `granted` is the array of category
 *                 keys the visitor's record grants. Called by the core after
 *                 it starts with a valid stored choice and after every
 *                 decision. Returns the array of categories something has
 *                 been let through for (for reloadOnWithdraw).
 *     m(url)      the category `url` needs, or a falsy value (tests).
 *   Elements that carry data-consentry-done were activated by the core
 *   (its own grant or "Load once"): the stub lets their URLs through.
 */
(function (w, d) {
  'use strict';
  var q = w.consentry;
  if (!q || typeof q.push !== 'function') w.consentry = [];
  if (w.__cyStub) return;

  var O = Object;
  var DONE = 'data-consentry-done';
  var L = __TRACKERS__;
  var T = map(); // table key -> category; '' allows (config: false)
  var G = 0; // granted categories once the core has decided; 0 before
  var H = []; // held until the decision, in order: [category, run, drop]
  var R = map(); // categories something was let through for
  var C; // set once the config tag's blocking.hosts are merged into T
  var k, i, a;

  function map() {
    return O.create(null);
  }
  // Google Consent Mode defaults (see 3. above). `__cyGcm` tells the core
  // they were pushed.
  var opt = d.currentScript && d.currentScript.dataset;
  if (opt && opt.consentMode != null && !w.__cyGcm) {
    w.__cyGcm = 1;
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
      wait_for_update: 500,
    };
    if (opt.region) defaults.region = opt.region.split(',');
    gtag('consent', 'default', defaults);
    if (opt.adsDataRedaction != null) gtag('set', 'ads_data_redaction', true);
    if (opt.urlPassthrough != null) gtag('set', 'url_passthrough', true);
  }

  for (k in L) for (a = L[k].split(' '), i = 0; i < a.length; i++) T[a[i]] = k;

  /* Reads the config tag lazily: the stub runs before it is parsed. */
  function conf() {
    var t = !C && d.getElementById('consentry-config');
    var h, x;
    if (!t) return;
    C = 1;
    try {
      h = JSON.parse(t.textContent).blocking.hosts;
      for (x in h) T[x.toLowerCase()] = typeof h[x] == 'string' ? h[x] : '';
    } catch (e) {}
  }

  /* The category URL `u` needs, or a falsy value. The rule of
   * category_for_url in src/core/trackers.rs: host+path cut back one
   * segment at a time, then the host, then *.host, *.parent, ... */
  function cat(u) {
    var h, j;
    try {
      u = new URL(u, d.baseURI);
    } catch (e) {
      return;
    }
    if (!/^https?:$/.test(u.protocol)) return;
    conf();
    h = u.hostname.replace(/\.$/, '');
    for (k = h + u.pathname; ; k = k.slice(0, j)) {
      if (k in T) return T[k];
      if ((j = k.lastIndexOf('/')) < 0) break;
    }
    for (k = h; ; k = k.slice(j + 1)) {
      if ('*.' + k in T) return T['*.' + k];
      if ((j = k.indexOf('.')) < 0) return;
    }
  }

  /* Runs `run` now if `c` is granted, `drop` if it is denied; before the
   * decision keeps both, in order. */
  function hold(c, run, drop) {
    if (!G) H.push([c, run, drop]);
    else if (G[c]) {
      R[c] = 1;
      run();
    } else if (drop) drop();
  }

  function held(e, u) {
    return !e.hasAttribute(DONE) && cat(u);
  }

  /* The src property of scripts, iframes and images. */
  function guard(P) {
    var D = O.getOwnPropertyDescriptor(P, 'src');
    var S = D.set;
    D.set = function (v) {
      var e = this;
      var c = held(e, v);
      if (c) {
        hold(c, function () {
          S.call(e, v);
        });
      } else S.call(e, v);
    };
    O.defineProperty(P, 'src', D);
  }
  guard(HTMLScriptElement.prototype);
  guard(HTMLIFrameElement.prototype);
  guard(HTMLImageElement.prototype);

  var E = Element.prototype;
  var setAttr = E.setAttribute;
  E.setAttribute = function (n, v) {
    var e = this;
    var g = arguments;
    var c = /^src$/i.test(n) && /^(SCRIPT|IFRAME|IMG)$/.test(e.tagName) && held(e, v);
    if (c) {
      hold(c, function () {
        setAttr.apply(e, g);
      });
    } else setAttr.apply(e, g);
  };

  /* A script that already has a tracker src when it is inserted (by the
   * parser, or by code the setters did not see): its type is switched to
   * text/plain before it runs, and back, with a re-insertion, on release. */
  function check(n) {
    var c, t;
    if (
      n.tagName == 'SCRIPT' &&
      !n.__cy &&
      n.src &&
      /^(|module|.*(java|ecma)script)$/i.test(n.type) &&
      (c = held(n, n.src))
    ) {
      if (G && G[c]) return (R[c] = 1);
      n.__cy = 1;
      t = n.getAttribute('type');
      n.type = 'text/plain';
      hold(c, function () {
        if (t == null) n.removeAttribute('type');
        else n.type = t;
        if (n.parentNode) n.parentNode.insertBefore(n, n.nextSibling);
      });
    }
  }
  var N = Node.prototype;
  ['appendChild', 'insertBefore'].forEach(function (m) {
    var f = N[m];
    N[m] = function (n) {
      if (n && n.tagName) check(n);
      return f.apply(this, arguments);
    };
  });
  new MutationObserver(function (l) {
    for (var x = 0; x < l.length; x++) {
      for (var y = 0, n = l[x].addedNodes; y < n.length; y++) if (n[y].tagName) check(n[y]);
    }
  }).observe(d.documentElement, { childList: true, subtree: true });

  /* Requests: fetch, sendBeacon, XMLHttpRequest. */
  var F = w.fetch;
  if (F) {
    w.fetch = function (u) {
      var g = arguments;
      var c = cat((u && u.url) || u);
      return c
        ? new Promise(function (ok, no) {
            hold(
              c,
              function () {
                ok(F.apply(w, g));
              },
              function () {
                no(new TypeError('Consentry: blocked'));
              }
            );
          })
        : F.apply(w, g);
    };
  }
  var nav = navigator;
  var B = nav.sendBeacon;
  if (B) {
    nav.sendBeacon = function (u) {
      var g = arguments;
      var c = cat(u);
      var r = true;
      if (c) {
        hold(
          c,
          function () {
            r = B.apply(nav, g);
          },
          function () {
            r = false;
          }
        );
      } else r = B.apply(nav, g);
      return r;
    };
  }
  var X = XMLHttpRequest.prototype;
  var open = X.open;
  var send = X.send;
  X.open = function (m, u) {
    this.__cy = cat(u);
    return open.apply(this, arguments);
  };
  X.send = function () {
    var x = this;
    var g = arguments;
    if (x.__cy) {
      hold(x.__cy, function () {
        send.apply(x, g);
      });
    } else send.apply(x, g);
  };

  O.defineProperty(w, '__cyStub', {
    value: {
      d: function (g) {
        var h = H;
        var j;
        G = map();
        for (j = 0; j < g.length; j++) G[g[j]] = 1;
        H = [];
        for (j = 0; j < h.length; j++) {
          try {
            hold.apply(0, h[j]);
          } catch (e) {}
        }
        return O.keys(R);
      },
      m: cat,
    },
  });
})(window, document);
