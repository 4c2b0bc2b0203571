// What trace.mjs adds to every page before the page's own scripts
// (addInitScript), on top of measure.mjs's `instrument` (dialog visible,
// long tasks): timestamps (performance.now(), ms since navigation start) of
// the steps that a Chromium trace does not name.
//
// - `bench:origin`, a performance.mark at the very start, lines the trace's
//   clock up with the page's (its trace event's ts is this mark's startTime).
// - WebAssembly.instantiateStreaming / instantiate: when the glue calls them
//   and when they resolve; the instance's `core_*` exports are wrapped so
//   each call's start and duration are recorded (pickLanguage, start,
//   markup, ...). The wrapper is an accessor, so a bench variant that
//   replaces instantiateStreaming (the early-compile prototype) is wrapped
//   too. The wrapping costs a few microseconds a call.
// - window.consentry: the moment the module replaces the stub's queue with
//   the API (the module has evaluated its top level).
// - the dialog's host element (#consentry-dialog, #cc-main) entering the DOM.
//
// Nothing here changes what a product does; it only watches. Results in
// window.__marks.
export function marks() {
  const m = (window.__marks = { at: {}, calls: {} });
  const now = () => performance.now();
  const first = (name) => {
    if (m.at[name] === undefined) m.at[name] = now();
  };
  m.originStart = performance.mark('bench:origin').startTime;

  const record = (name, start) => {
    const c = (m.calls[name] ||= { first: start, firstDur: null, total: 0, count: 0 });
    const d = now() - start;
    if (c.firstDur === null) c.firstDur = d;
    c.total += d;
    c.count++;
  };
  const wrapExports = (instance) => {
    const exports = {};
    for (const [name, value] of Object.entries(instance.exports)) {
      exports[name] =
        typeof value === 'function' && name.startsWith('core_')
          ? function () {
              const start = now();
              try {
                return value.apply(this, arguments);
              } finally {
                record(name.slice(5), start);
              }
            }
          : value;
    }
    return Object.create(WebAssembly.Instance.prototype, { exports: { value: exports } });
  };
  // An instance is wrapped once, even when instantiateStreaming's result
  // comes from a (wrapped) instantiate, as in the early-compile variant.
  const wrappedInstances = new WeakSet();
  const wrapOnce = (instance) => {
    if (wrappedInstances.has(instance)) return instance;
    const fake = wrapExports(instance);
    wrappedInstances.add(fake);
    return fake;
  };
  const wrapResult = (result) => {
    first('wasmInstantiated');
    return result instanceof WebAssembly.Instance ? wrapOnce(result) : { module: result.module, instance: wrapOnce(result.instance) };
  };
  for (const key of ['instantiateStreaming', 'instantiate']) {
    let inner = WebAssembly[key];
    const wrapped = function (source, imports) {
      first(`wasm.${key}`);
      return inner.call(WebAssembly, source, imports).then(wrapResult);
    };
    Object.defineProperty(WebAssembly, key, {
      configurable: true,
      get: () => wrapped,
      set: (v) => {
        inner = v;
      },
    });
  }

  let api;
  Object.defineProperty(window, 'consentry', {
    configurable: true,
    get: () => api,
    set: (v) => {
      if (v && !Array.isArray(v)) first('apiReady');
      api = v;
    },
  });

  new MutationObserver(() => {
    if (document.getElementById('consentry-dialog') || document.getElementById('cc-main')) first('dialogHost');
  }).observe(document, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', () => first('domContentLoaded'));
}

/**
 * Bench-only variants of Consentry's shop page that prototype the issue's
 * hypotheses without touching the product: each takes the page's HTML and
 * returns a changed copy.
 */
const STUB_TAG = '<script src="/consentry/consentry-stub.js"></script>';
const MODULE_TAG = '<script type="module" src="/consentry/consentry.js"></script>';
const WASM = '/consentry/consentry_core_bg.wasm';

// The early-compile prototype: in <head>, right after the stub, start
// WebAssembly.compileStreaming on the wasm; hand the compiled module to the
// glue by answering its instantiateStreaming with an instantiate of it, and
// answer the glue's own fetch of the wasm with an empty response (the stub
// would pass the module over and the entry would not fetch at all).
const EARLY_COMPILE = `<script>(function (w) {
  var url = ${JSON.stringify(WASM)};
  var compiled = WebAssembly.compileStreaming(fetch(url));
  var f = w.fetch, used = false;
  w.fetch = function (x) {
    if (!used && String(x && x.url || x).indexOf(url) >= 0) { used = true; return Promise.resolve(new Response(new Uint8Array(0), { headers: { 'content-type': 'application/wasm' } })); }
    return f.apply(this, arguments);
  };
  WebAssembly.instantiateStreaming = function (source, imports) {
    return compiled.then(function (module) { return WebAssembly.instantiate(module, imports).then(function (instance) { return { module: module, instance: instance }; }); });
  };
})(window);</script>`;

export const VARIANTS = [
  {
    name: 'wasm preload',
    about: '<link rel="preload" as="fetch" crossorigin> for the wasm right after the stub (fetched during parsing; compiled only when the glue asks)',
    change: (html) => html.replace(STUB_TAG, `${STUB_TAG}\n<link rel="preload" href="${WASM}" as="fetch" type="application/wasm" crossorigin>`),
  },
  {
    name: 'early compile',
    about: 'an inline script after the stub starts WebAssembly.compileStreaming(fetch(wasm)); the glue instantiates that module',
    change: (html) => html.replace(STUB_TAG, `${STUB_TAG}\n${EARLY_COMPILE}`),
  },
  {
    name: 'async module',
    about: '<script type="module" async>: the module runs as soon as it has loaded, not after parsing and the deferred scripts',
    change: (html) => html.replace(MODULE_TAG, '<script type="module" async src="/consentry/consentry.js"></script>'),
  },
  {
    name: 'async module + early compile',
    about: 'both of the above',
    change: (html) => html.replace(STUB_TAG, `${STUB_TAG}\n${EARLY_COMPILE}`).replace(MODULE_TAG, '<script type="module" async src="/consentry/consentry.js"></script>'),
  },
];
