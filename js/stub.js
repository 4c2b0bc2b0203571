/*! Consentry stub: the first script in <head> (classic, synchronous, ES5).
 *
 * 1. The API queue: page code may push before the core has loaded
 *      window.consentry = window.consentry || [];
 *      consentry.push(function (api) { ... });
 *    The core (consentry.js) replaces the queue with the API and runs each
 *    queued function, in order, once it has started. Until then the queue
 *    also answers consentry.hasConsent(...) with false.
 *
 * 2. Blocking. Every way a script can make the browser fetch a URL is
 *    guarded; a URL is held when it is a known tracker's (data/trackers.json,
 *    inlined as JSON text in place of __TRACKERS__ by scripts/package.mjs,
 *    and handed to the core, which carries no copy of its own), a host the config's
 *    blocking.hosts lists, or, with blocking.unknown, any third party:
 *    - URL properties and attributes of script, img, source, iframe, frame,
 *      link, video/audio, track, embed, object, input and a/area (ping),
 *      through the properties and every attribute API;
 *    - HTML strings (innerHTML, outerHTML, insertAdjacentHTML, fragments,
 *      document.write, setHTMLUnsafe, srcdoc): parsed into an inert
 *      <template> first, tracker elements rewritten to the markup convention
 *      (data-category, data-src, script type text/plain) for the core's
 *      activation to release in order;
 *    - nodes inserted by any method (so also nodes cloned, imported or parsed
 *      in another document, as they are inserted), and scripts the parser
 *      inserts (a MutationObserver switches their type first);
 *    - fetch, sendBeacon, fetchLater, XMLHttpRequest, WebSocket, EventSource
 *      and new Audio(url).
 *    Until the core decides, held things wait in order; then those of granted
 *    categories run and the others fail as a blocked request does (an error
 *    event, a rejected fetch, an XHR network error); afterwards each request
 *    passes or fails as it comes. A WebSocket or EventSource cannot wait: it
 *    fails at once unless granted. When the choice is gone (reset, another
 *    tab, expiry) the core says so and everything matched waits again. If
 *    the core never starts, nothing is released, and after 15 s (or at once
 *    when the core reports that it failed) every waiter fails.
 *
 * 3. Google Consent Mode defaults are not here: only the sites that use
 *    Consent Mode need them, in consentry-consent-mode.js right after this
 *    script (js/consent-mode.js). Every byte here counts against the stub's
 *    3,500-byte budget.
 *
 * 4. The fast path for a returning visitor (docs/fast-path.md): when the
 *    core has left a note of its last decision in localStorage, this stub
 *    writes consentry-fast.js in after itself; that checks the note against
 *    this page's cookie and config and, when it holds, starts the page
 *    decided through o() and runs the held scripts as the parser reaches
 *    them.
 *
 * The core <-> stub interface (js/activate.js is the other side):
 *   window.__cyStub, hidden (non-enumerable, read-only):
 *     m(url)  the category `url` needs, or a falsy value (tests);
 *     k()     hands the private interface over, once: the core claims it as
 *             it loads, so page code can neither release holds nor mark
 *             elements (a second claim gets nothing, and the core says so):
 *       t           the tracker table's JSON text, for the core's matcher;
 *       d(granted)  the decision: the array of granted category keys;
 *                   returns the categories something was let through for;
 *       r()         the choice is gone: hold again until the next d();
 *       a(element)  the core activated this element: its URLs pass;
 *       h(blocking) the config's `blocking` object (hosts, unknown), as the
 *                   core started with it; also "the core has started";
 *       f()         the core failed to start: waiters fail now;
 *       w           [the wasm's URL, its Module compiling] (data-wasm), or undefined.
 *     o()         the head start: a function f(granted) that starts the
 *                 page decided when nothing else has, returning
 *                 passes(category) (it notes what ran, for d()), else a
 *                 falsy value. For regions (docs/regions.md), the GPP stub
 *                 calls it at once where the rule is not opt-in; the fast
 *                 path (4.) once the config tag is parsed. Taken once,
 *                 before anything else decided, and only from the script
 *                 right after this one as it runs (d.currentScript): the
 *                 GPP stub or the fast path's; any other call uses it up.
 */
(function (w, d) {
  // (Not strict mode: nothing here relies on it, and it costs bytes.)
  var q = w.consentry;
  if (!q || typeof q.push !== 'function') q = w.consentry = [];
  // The queue answers hasConsent: false until the core has started (it
  // replaces the queue with the API) and decided.
  if (!q.hasConsent) q.hasConsent = function () {
    return false;
  };
  if (w.__cyStub) return;

  var O = Object;
  var GD = O.getOwnPropertyDescriptor;
  var DP = O.defineProperty;
  // Text (read once here), so that the core gets the very table this stub
  // holds by, as a string no page code can have changed.
  var TT = __TRACKERS__;
  var L = JSON.parse(TT);
  var T = map(); // table key -> category; '' allows (config: false)
  var U; // blocking.unknown: the category of third parties no key knows
  var G = 0; // granted categories once the core has decided; 0: hold
  var H = []; // held until the decision, in order: [category, run, drop]
  var R = map(); // categories something was let through for
  var A = new WeakSet(); // elements the core activated
  var M = new WeakMap(); // XHR -> category
  var C; // set once the config tag's blocking is merged into T
  var K; // set once the private interface is claimed
  var E = Element.prototype;
  var N = Node.prototype;
  var D = Document.prototype;
  var SR = ShadowRoot.prototype;
  var ME = d.currentScript; // this script's tag
  var Q = 0; // o() was called
  var setAttr = E.setAttribute;
  // (Arrays grow by index, not push: a page may have broken Array.prototype.push.)
  var P = []; // [element interface, its URL attribute names]
  var S = []; // every URL attribute name
  var k, i, a;

  function map() {
    return O.create(null);
  }
  for (k in L) for (a = L[k].split(' '), i = 0; i < a.length; i++) T[a[i]] = k;

  // 4. The fast path (docs/fast-path.md): where the core left a note of its
  // last decision, consentry-fast.js (next to this file) is written in
  // right after this tag, with its nonce, so the parser runs it next (a
  // script added by code would wait behind the parser); before the guards
  // below exist. (A stub loaded by code cannot write: browsers ignore the
  // call. A URL needs no quotes: new URL() encodes spaces, quotes and <>.)
  //
  // Otherwise, the core's wasm, fetched and compiled off the main thread
  // from here in <head>, while the page is parsed, when the stub's tag
  // names it: data-wasm="/consentry/consentry_core_bg.wasm". W = [its URL,
  // the compiling Module], for the core: it takes the Module when that URL
  // is its own wasm's, and compiles its own when this fails (no
  // compileStreaming, a wrong MIME type, a 404); the catch keeps a failure
  // quiet until then. Not with a note: that visitor's held scripts run
  // through the fast path, and a core started during parsing took the main
  // thread from them (bench/diagnosis.md § P5); there the core compiles
  // its own, later. (Nor where storage throws: the catch.)
  var W;
  try {
    if (localStorage.consentry) {
      d.write('<script nonce="' + ME.nonce + '" src=' + new URL('consentry-fast.js', ME.src) + '></script>');
    } else if ((a = ME.getAttribute('data-wasm'))) {
      a = new URL(a, d.baseURI);
      W = [a, WebAssembly.compileStreaming(fetch(a))];
      W[1].catch(O); // (any function: the failure stays quiet until the core asks)
    }
  } catch (e) {}

  /* The config's `blocking`: hosts over the table, and `unknown`. */
  function merge(b) {
    var h = b.hosts;
    var x;
    for (x in h) T[x.toLowerCase().replace(/^\*/, '')] = h[x] || ''; // false allows
    U = b.unknown != 'allow' && b.unknown;
  }
  /* Reads the config tag lazily: the stub may run before it is parsed. */
  function conf() {
    var t = !C && d.getElementById('consentry-config');
    if (t) {
      C = 1;
      try {
        // (A config without `blocking` merges O, which has neither key:
        // a TypeError here cost 1.1-1.4 ms of a first visit, measured.)
        merge(JSON.parse(t.textContent).blocking || O);
      } catch (e) {}
    }
  }

  /* The category URL `u` needs, or a falsy value: category_for in
   * src/core/trackers.rs, the one definition, on the browser's reading of
   * the URL: host+path cut back one segment at a time, then the host, then
   * *.host, *.parent, ...; no key: blocking.unknown for a third party. */
  function cat(u) {
    var h, j;
    try {
      u = new URL(u, d.baseURI);
    } catch (e) {
      return;
    }
    if (!/^(http|ws)s?:$/.test(u.protocol)) return;
    conf();
    h = u.hostname.replace(/\.$/, '');
    for (k = h + u.pathname; ; k = k.slice(0, j)) {
      if (k in T) return T[k];
      if ((j = k.lastIndexOf('/')) < 0) break;
    }
    for (k = h; ; k = k.slice(j + 1)) {
      if ('.' + k in T) return T['.' + k];
      if ((j = k.indexOf('.')) < 0) return u.hostname != location.hostname && U;
    }
  }

  /* Whether `c` is granted now (then it is noted as let through). */
  function passes(c) {
    return G && G[c] && (R[c] = 1);
  }
  /* Runs `run` now if `c` is granted, `drop` if it is denied; before the
   * decision keeps both, in order. */
  function hold(c, run, drop) {
    if (!G) H[H.length] = [c, run, drop];
    else if (passes(c)) run();
    else drop();
  }
  /* How a held thing fails: an error event on `x`, after the call (as a
   * browser's block comes), an XHR as a network error (readyState 4, status 0). */
  function fail(x) {
    return function () {
      setTimeout(function () {
        // An XHR (it has `upload`) ends as after a network error.
        if (x.upload) DP(x, 'readyState', { value: 4 });
        (x.upload ? ['readystatechange', 'error', 'loadend'] : ['error']).forEach(function (t) {
          x.dispatchEvent(new Event(t));
        });
      });
    };
  }
  /* `run()` now when `c` is falsy, else held for `c` (failing like `fail(x)`). */
  function gate(x, c, run, drop) {
    if (!c) return run();
    hold(c, run, drop || fail(x));
  }

  /* The URL attribute names of element `e`. */
  function names(e) {
    var r = [];
    for (var j = 0; j < P.length; j++) if (e instanceof P[j][0]) r = r.concat(P[j][1]);
    return r;
  }
  /* The category value `v` of attribute `n` of element `e` needs, if `n`
   * is one of its URL attributes and the core did not activate it. */
  function vcat(e, n, v) {
    var j, c;
    n = String(n).toLowerCase();
    if (A.has(e) || names(e).indexOf(n) < 0) return;
    if (n == 'srcdoc') return scan(v)[0];
    // srcset and imagesrcset list several URLs.
    v = /set$/.test(n) ? String(v).split(/[\s,]+/) : [v];
    for (j = 0; j < v.length; j++) if ((c = cat(v[j]))) return c;
  }

  /* Calls `f(e, name, value, category)` for each URL attribute of `n` and
   * the elements under it that needs a category not granted. */
  function each(n, f) {
    // Most inserted nodes carry no URL at all: two native checks, then out.
    if (!(n && n.querySelector && ((n.matches && n.matches(SEL)) || n.querySelector(SEL)))) return;
    [n].concat([].slice.call(n.querySelectorAll(SEL))).forEach(function (e) {
      names(e).forEach(function (x) {
        var v = e.getAttribute(x);
        var c = v != null && vcat(e, x, v);
        if (c && !passes(c)) f(e, x, v, c);
      });
    });
  }

  /* Nodes about to be inserted, whose URLs no setter saw (parsed or cloned
   * elsewhere): a script's type switches to text/plain until released
   * (then back, with a re-insertion so that it runs); other elements lose
   * the attribute until released. */
  function check(n) {
    each(n, function (e, x, v, c) {
      if (e.tagName != 'SCRIPT') {
        e.removeAttribute(x);
        hold(
          c,
          function () {
            setAttr.call(e, x, v);
          },
          fail(e)
        );
      } else if (/^(|module|.*(java|ecma)script)$/i.test(e.type)) {
        var t = e.getAttribute('type');
        setAttr.call(e, 'type', 'text/plain');
        hold(
          c,
          function () {
            if (t == null) e.removeAttribute('type');
            else setAttr.call(e, 'type', t);
            e.after(e); // re-inserted where it is (nothing when removed meanwhile), so it runs
          },
          fail(e)
        );
      }
    });
  }

  /* An HTML string's tracker elements, rewritten to the markup convention
   * in an inert template: [first category, the rewritten markup], or []. */
  var inner = GD(E, 'innerHTML').set;
  function scan(s) {
    var t = d.createElement('template');
    var c;
    inner.call(t, s);
    each(t.content, function (e, x, v, y) {
      c = c || y;
      e.removeAttribute(x);
      setAttr.call(e, 'data-' + x, v);
      setAttr.call(e, 'data-category', y);
      if (e.tagName == 'SCRIPT') {
        if (e.type) setAttr.call(e, 'data-type', e.type);
        setAttr.call(e, 'type', 'text/plain');
      }
    });
    return c ? [c, t.innerHTML] : [];
  }
  function html(s) {
    // Only markup with a URL attribute is parsed twice (`data` alone: of an object).
    return (/src|href|poster|\bdata\s*=/i.test(s) && scan(s)[1]) || s;
  }

  /* Wraps the attribute method `m`: its name and value are arguments `j`
   * and `j + 1`, or (no `j`) the name and value of the Attr it is given. */
  function method(m, j) {
    var f = E[m];
    E[m] = function (a) {
      var e = this;
      var g = arguments;
      return gate(e, j == null ? a && vcat(e, a.name, a.value) : vcat(e, g[j], g[j + 1]), function () {
        return f.apply(e, g);
      });
    };
  }
  /* Wraps the setter of property `n` of `o`: of an element, or (`attr`)
   * the value of an Attr, for its element. */
  function setter(o, n, attr) {
    var p = GD(o, n);
    var f = p && p.set;
    if (f) {
      p.set = function (v) {
        var x = this;
        var e = attr ? x.ownerElement : x;
        gate(e, e && vcat(e, attr ? x.name : n, v), function () {
          f.call(x, v);
        });
      };
      DP(o, n, p);
    }
  }

  'Script:src Image:src,srcset Source:src,srcset IFrame:src,srcdoc Frame:src Link:href,imagesrcset Media:src Video:poster Embed:src Object:data Input:src'
    .split(' ')
    .forEach(function (s) {
      var p = s.split(':');
      var c = w['HTML' + p[0] + 'Element'];
      var n = p[1].split(',');
      if (c) {
        P[P.length] = [c, n];
        n.forEach(function (x) {
          S[S.length] = x;
          setter(c.prototype, x);
        });
      }
    });

  var SEL = '[' + S.join('],[') + ']';

  // Attribute APIs.
  method('setAttribute', 0);
  method('setAttributeNS', 1);
  method('setAttributeNode');
  setter(Attr.prototype, 'value', 1);

  // HTML strings.
  [
    [E, 'innerHTML'],
    [E, 'outerHTML'],
    [SR, 'innerHTML'],
  ].forEach(function (x) {
    var p = GD(x[0], x[1]);
    var f = p && p.set;
    if (f) {
      p.set = function (v) {
        f.call(this, html(v));
      };
      DP(x[0], x[1], p);
    }
  });
  [
    [E, 'insertAdjacentHTML', 1],
    [E, 'setHTMLUnsafe', 0],
    [SR, 'setHTMLUnsafe', 0],
    // Document.parseHTMLUnsafe and DOMParser make inert documents: their
    // nodes are checked when inserted here.
    [Range.prototype, 'createContextualFragment', 0],
    [D, 'write', 0],
    [D, 'writeln', 0],
  ].forEach(function (x) {
    var f = x[0][x[1]];
    if (f) {
      x[0][x[1]] = function () {
        var g = [].slice.call(arguments);
        for (var j = x[2]; j < g.length; j++) g[j] = html(g[j]);
        return f.apply(this, g);
      };
    }
  });

  // Insertion.
  var I = 'appendChild insertBefore replaceChild append prepend before after replaceWith replaceChildren insertAdjacentElement'.split(' ');
  [N, E, DocumentFragment.prototype].forEach(function (p) {
    I.forEach(function (m) {
      var f = p.hasOwnProperty(m) && p[m];
      if (f) {
        p[m] = function () {
          [].forEach.call(arguments, check);
          return f.apply(this, arguments);
        };
      }
    });
  });
  // Scripts the parser inserts: switched before they run.
  new MutationObserver(function (l) {
    l.forEach(function (r) {
      [].forEach.call(r.addedNodes, function (n) {
        if (n.tagName == 'SCRIPT') check(n);
      });
    });
  }).observe(d.documentElement, { childList: true, subtree: true });

  // Requests.
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
                no(TypeError('Consentry: blocked')); // (an Error type made without new)
              }
            );
          })
        : F.apply(w, g);
    };
  }
  // A beacon waits for the decision and reports true (queued), false if denied.
  var NP = Navigator.prototype;
  var B = NP.sendBeacon;
  NP.sendBeacon = function (u) {
    var g = arguments;
    var n = this;
    var r = true;
    gate(
      0,
      cat(u),
      function () {
        r = B.apply(n, g);
      },
      function () {
        r = false;
      }
    );
    return r;
  };
  var X = XMLHttpRequest.prototype;
  var open = X.open;
  var send = X.send;
  X.open = function (m, u) {
    M.set(this, cat(u));
    return open.apply(this, arguments);
  };
  X.send = function () {
    var x = this;
    var g = arguments;
    gate(x, M.get(x), function () {
      send.apply(x, g);
    });
  };
  // What connects (or is sent at unload) cannot wait: unless granted, a
  // WebSocket, EventSource or fetchLater gets a URL that fails without
  // touching the network (port 1 is blocked by every browser; a data: URL
  // is no event stream), so it fails as a blocked connection does (error,
  // then close 1006 / readyState CLOSED).
  [
    ['WebSocket', 'ws://127.0.0.1:1/'],
    ['EventSource', 'data:,'],
    ['fetchLater', 'http://127.0.0.1:1/'],
  ].forEach(function (x) {
    var f = w[x[0]];
    var g = function (u) {
      var a = [].slice.call(arguments);
      var c = cat((u && u.url) || u);
      if (c && !passes(c)) a = [x[1]];
      return this instanceof g ? Reflect.construct(f, a) : f.apply(w, a);
    };
    if (f) {
      g.prototype = f.prototype;
      O.setPrototypeOf(g, f);
      w[x[0]] = g;
    }
  });

  function decide(g) {
    var h = H;
    G = map();
    g.forEach(function (c) {
      G[c] = 1;
    });
    H = [];
    h.forEach(function (x) {
      try {
        hold.apply(0, x);
      } catch (e) {}
    });
    return O.keys(R);
  }
  function failed() {
    if (!G) decide([]);
  }
  // consentry.js never arrived (or never started): fail the waiters. Not
  // even claimed: most often it was loaded as a classic script, where it
  // cannot run (the browser says only "Cannot use 'import.meta'").
  var timer = setTimeout(function () {
    if (!K) console.error('Consentry: consentry.js never ran: it needs <script type=module>');
    failed();
  }, 15e3);

  DP(w, '__cyStub', {
    value: {
      m: cat,
      o: function () {
        if (!Q++ && (a = d.currentScript) && a == ME.nextElementSibling) {
          return function (x) {
            return !G && (decide(x), passes);
          };
        }
      },
      k: function () {
        if (K) return;
        K = 1;
        return {
          t: TT,
          d: decide,
          r: function () {
            G = 0;
          },
          a: function (e) {
            A.add(e);
          },
          h: function (b) {
            clearTimeout(timer);
            merge(b); // (the core's own settings object: nothing to throw)
          },
          f: failed,
          w: W,
        };
      },
    },
  });
})(window, document);
