// Consentry, the ES-module entry of the npm package (pkg/consentry.js).
//
// Loaded by <script type="module"> it starts from the page's
// #consentry-config tag; imported by a bundler, its default export is the
// API (the same object as window.consentry), started by init(config).
// The wasm is found next to this file through import.meta.url, which
// webpack 5 and Vite both follow.
import initWasm, { Core } from './consentry_core.js';

const win = typeof window === 'undefined' ? undefined : window;
const MARK = '__consentryApi';

function create() {
  // The stub's queue (an array) or, before the stub, nothing.
  const earlier = win && Array.isArray(win.consentry) ? win.consentry.slice() : [];
  let core = null;
  let starting = null;

  function started() {
    if (!core) throw new Error('Consentry: not started yet; call init(config) first');
    return core;
  }

  function names(list, member) {
    const array = typeof list === 'string' ? [list] : list;
    if (!Array.isArray(array) || !array.every((x) => typeof x === 'string')) {
      throw new TypeError(`Consentry: ${member}() takes a category name or an array of them`);
    }
    return array;
  }

  function drain() {
    while (earlier.length) {
      const fn = earlier.shift();
      if (typeof fn !== 'function') continue;
      try {
        fn(api);
      } catch (e) {
        console.error(e);
      }
    }
  }

  const api = {
    [MARK]: true,
    /** Starts with `config` (an object) or, without one, the #consentry-config tag. */
    init(config) {
      if (!starting) {
        const text = config === undefined ? undefined : JSON.stringify(config);
        starting = initWasm()
          .then(() => {
            core = Core.start(text);
            drain();
          })
          .catch((e) => {
            // One clear console error (an invalid config lists every problem),
            // even when the caller ignores the rejected promise.
            console.error(e && e.message ? e.message : e);
            throw e;
          });
      }
      return starting;
    },
    hasConsent(category, service) {
      if (!core || typeof category !== 'string') return false;
      return core.hasConsent(category, typeof service === 'string' ? service : undefined);
    },
    getConsent() {
      const text = core && core.consentJson();
      return text ? JSON.parse(text) : null;
    },
    acceptAll() {
      started().acceptAll();
    },
    rejectAll() {
      started().rejectAll();
    },
    /** Grants exactly these categories (plus necessary), denies the rest. */
    accept(categories) {
      started().accept(names(categories, 'accept'));
    },
    /** Withdraws these categories, or every optional one. */
    optOut(categories) {
      started().optOut(categories === undefined ? undefined : names(categories, 'optOut'));
    },
    show() {
      started().show();
    },
    showPreferences() {
      started().showPreferences();
    },
    hide() {
      if (core) core.hide();
    },
    /** Runs `fn(api)` now if started, else once started (the stub's queue contract). */
    push(fn) {
      if (typeof fn !== 'function') throw new TypeError('Consentry: push() takes a function');
      earlier.push(fn);
      if (core) drain();
    },
  };
  return api;
}

// One API per page, even if this module is loaded twice (script tag + bundle).
const api = win && win.consentry && win.consentry[MARK] ? win.consentry : create();

if (win) {
  win.consentry = api;
  if (document.getElementById('consentry-config')) {
    api.init().catch(() => {}); // logged by init()
  }
}

export default api;
