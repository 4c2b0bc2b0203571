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
        typeof value === 'function' && /^(core|setup)_/.test(name)
          ? function () {
              const start = now();
              try {
                return value.apply(this, arguments);
              } finally {
                record(name.replace(/^core_/, ''), start);
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
  // The entry instantiates the Module synchronously (the glue's initSync):
  // `new WebAssembly.Instance` answers with the wrapped instance.
  const Instance = WebAssembly.Instance;
  const instance = function (module, imports) {
    first('wasm.Instance');
    const made = new Instance(module, imports);
    first('wasmInstantiated');
    return wrapOnce(made);
  };
  instance.prototype = Instance.prototype;
  WebAssembly.Instance = instance;
  const compileStreaming = WebAssembly.compileStreaming;
  if (compileStreaming) {
    WebAssembly.compileStreaming = function (source) {
      first('wasm.compileStreaming');
      return compileStreaming.call(WebAssembly, source).then((module) => {
        first('wasmCompiled');
        return module;
      });
    };
  }
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

  // The visitor's click ("Accept all"), for the click → held scripts ran trace.
  document.addEventListener('click', () => first('click'), true);
  new MutationObserver(() => {
    if (document.getElementById('consentry-dialog') || document.getElementById('cc-main')) first('dialogHost');
  }).observe(document, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', () => first('domContentLoaded'));
}

/**
 * Bench-only variants of Consentry's shop page, each one more target in
 * trace.mjs (and, with BENCH_VARIANTS=1, one more "product" in run.mjs):
 * `change(html)` returns a changed copy of the page. A variant with `dir`
 * serves another build's files at /<dir>/ (given by the environment
 * variable `env`: a copy of an earlier pkg/; skipped when unset), so that a
 * change is measured against the build before it in the same run.
 */
const STUB_TAG = '<script src="/consentry/consentry-stub.js" data-wasm="/consentry/consentry_core_bg.wasm"></script>';
const MODULE_TAG = '<script type="module" async src="/consentry/consentry.js"></script>';

const ALL_VARIANTS = [
  {
    name: 'before (7b20984)',
    about: 'the build before issue 14 part 2 (BENCH_BEFORE=<its pkg/>): stub without data-wasm, deferred module, one start task, focus in it',
    env: 'BENCH_BEFORE',
    dir: 'consentry-before',
    change: (html) =>
      html
        .replace(STUB_TAG, '<script src="/consentry-before/consentry-stub.js"></script>')
        .replace(MODULE_TAG, '<script type="module" src="/consentry-before/consentry.js"></script>'),
  },
  {
    name: 'change 1 only',
    about: 'this build\'s stub and wasm with an entry built with change 1 alone (BENCH_CHANGE1=<dir>): the start in one task, the focus in it, the first held script may wait for the next slice',
    env: 'BENCH_CHANGE1',
    dir: 'consentry-change1',
    change: (html) => html.replaceAll('/consentry/', '/consentry-change1/'),
  },
  {
    name: process.env.BENCH_OTHER_NAME || 'other build',
    about: 'another build of the current tags (BENCH_OTHER=<its pkg/>, BENCH_OTHER_NAME=<a name>)',
    env: 'BENCH_OTHER',
    dir: 'consentry-other',
    change: (html) => html.replaceAll('/consentry/', '/consentry-other/'),
  },
  {
    name: 'deferred module',
    about: 'this build, the module tag without async (it runs after parsing, in order with the deferred scripts)',
    change: (html) => html.replace(MODULE_TAG, '<script type="module" src="/consentry/consentry.js"></script>'),
  },
  {
    name: 'no early compile',
    about: 'this build, the stub tag without data-wasm (the entry fetches and compiles the wasm)',
    change: (html) => html.replace(STUB_TAG, '<script src="/consentry/consentry-stub.js"></script>'),
  },
];

/** The variants to measure: TRACE_VARIANTS (comma-separated names; default all), those with files given. */
export const VARIANTS = ALL_VARIANTS.filter(
  (v) => (!v.env || process.env[v.env]) && (!process.env.TRACE_VARIANTS || process.env.TRACE_VARIANTS.split(',').includes(v.name)),
);

/** Copies the other builds the variants serve into the site directory. */
export async function copyVariantFiles(siteDir) {
  const { cp } = await import('node:fs/promises');
  for (const v of VARIANTS) if (v.dir) await cp(process.env[v.env], `${siteDir}/${v.dir}`, { recursive: true });
}
