/*! Consentry fast path (pkg/consentry-fast.js): a returning visitor's held
 * scripts run as the parser reaches them, before the core has loaded.
 *
 * The stub writes this file in right after itself (the parser runs it
 * next) only when localStorage holds the core's note of
 * its last decision, `{n, v, t, g}` (js/note.js writes it): the first
 * cookie named `n` had the value `v`, the config tag's text followed by
 * the GPC signal was `t`, and for exactly those the core granted the
 * categories `g`. The cookie is the record and the config decides what it
 * means, so when both are the same on this page the core will decide `g`
 * again; anything else (no cookie, another value, a changed config, GPC
 * switched, a note that does not parse) and this file does nothing, and
 * the page waits for the core as before. docs/fast-path.md has the rest.
 *
 * When the note holds: the stub is told the decision (through what o()
 * gave this script as it ran: only it can), so what it holds for the granted
 * categories goes through; and each held script of the markup
 * (type="text/plain" data-category) of a granted category is taken out of
 * the core's sight (no data-category, no data-src left) and run in order,
 * as js/activate.js would: an external one that is not async loads (at the
 * priority the parser gives a script that blocks it) before the next runs.
 * The first held script the note cannot decide alone (a service's, a
 * `!category` fallback) ends the fast path, and so does the end of
 * parsing: from there on the core runs what is held, in its own order.
 */
(function (w, d) {
  var note;
  var passes; // the stub's grant check, once it took the decision
  var over; // the fast path has ended: the core does the rest
  var queue = []; // taken scripts, in document order
  var loading; // the taken script the next one waits for
  var stub = w.__cyStub;
  var observer;
  try {
    note = JSON.parse(localStorage.getItem('consentry'));
  } catch (e) {}
  if (!stub || !note || typeof note.v != 'string' || !Array.isArray(note.g)) return;

  /** The value of the first cookie named `name` (as the core reads the jar), or undefined. */
  function cookie(name) {
    var pairs = d.cookie.split(';');
    for (var j = 0; j < pairs.length; j++) {
      var pair = pairs[j].replace(/^\s+/, '');
      var eq = pair.indexOf('=');
      if (eq >= 0 && pair.slice(0, eq) === name) return pair.slice(eq + 1);
    }
  }

  function end() {
    over = true;
    if (observer) observer.disconnect();
  }

  /** A held script just found: taken when its category is granted; the first one not ours to decide ends the fast path. */
  function take(e) {
    var category = e.getAttribute('data-category');
    var src = e.getAttribute('data-src');
    if (over || e.tagName != 'SCRIPT' || e.getAttribute('type') != 'text/plain' || category === null) return;
    if (category.charAt(0) == '!' || e.hasAttribute('data-service')) return end();
    if (!passes(category)) return; // denied: it never runs under this decision
    // A URL the stub holds for a category not granted: the core's to decide
    // (it lets a script of the markup through; here the stub would hold it).
    var url = src !== null ? src : e.getAttribute('src');
    var held = url !== null && stub.m(url);
    if (held && !passes(held)) return end();
    e.removeAttribute('data-category');
    if (src !== null) {
      e.removeAttribute('data-src');
      e.setAttribute('src', src);
    }
    queue.push(e);
  }

  /** Runs the taken scripts in order, each once the parser is past it. */
  function run() {
    while (!loading && queue.length && (queue[0].nextSibling || d.readyState != 'loading')) {
      var e = queue.shift();
      var type = e.getAttribute('data-type');
      if (type === null) e.removeAttribute('type');
      else e.setAttribute('type', type);
      if (e.src && !e.hasAttribute('async')) {
        loading = e;
        e.async = false;
        if (!e.hasAttribute('fetchpriority') && !e.hasAttribute('defer')) e.fetchPriority = 'high';
        e.addEventListener('load', next);
        e.addEventListener('error', next);
      }
      e.after(e); // re-inserted where it is, so that it runs (nothing if removed meanwhile)
    }
  }

  function next() {
    loading = null;
    run();
  }

  function scan(nodes) {
    for (var j = 0; j < nodes.length; j++) {
      var n = nodes[j];
      if (n.nodeType != 1) continue;
      if (n.tagName == 'SCRIPT') take(n);
      else if (n.firstElementChild) scan(n.querySelectorAll('script'));
    }
  }

  // The stub's decision, taken now (only the script right after the stub
  // can, as it runs); used once the config tag is parsed, when the note
  // holds: the same first cookie, the same config text and GPC signal.
  var decide = stub.o();
  if (typeof decide != 'function') return;
  function settle() {
    var tag = d.getElementById('consentry-config');
    if (passes || over || !tag || !(tag.nextSibling || d.readyState != 'loading')) return;
    if (tag.textContent + navigator.globalPrivacyControl === note.t && cookie(note.n) === note.v) {
      passes = decide(note.g.slice());
    }
    if (typeof passes != 'function') return end();
    scan(d.querySelectorAll('script'));
  }

  observer = new MutationObserver(function (records) {
    if (!passes) settle();
    else for (var j = 0; j < records.length && !over; j++) scan(records[j].addedNodes);
    if (passes) run();
  });
  observer.observe(d.documentElement, { childList: true, subtree: true });
  d.addEventListener('DOMContentLoaded', function () {
    settle();
    if (passes) run();
    end();
  });
})(window, document);
