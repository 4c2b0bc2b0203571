// Starting: the config (the #consentry-config tag or init(config)), read
// once by the core's Setup; the chosen language's texts, fetched unless
// English, and the chunks the config needs (js/chunks.js); then the core,
// handed to the shell. A core that does not arrive in time fails closed.
import { initSync, Setup } from './consentry_core.js';
import { loadChunks, prefetchChunks } from './chunks.js';
import { coreError } from './core-error.js';
import { diagnose, pageFacts, report } from './page.js';
import { begin } from './shell.js';

// Only English is compiled into the wasm; the other built-in languages are
// modules of their own (their JSON text as the default export, made from
// data/i18n/ by scripts/entry.mjs), loaded when chosen. One static import()
// each: webpack and Vite make each a chunk of its own, so a visitor
// downloads one language, and nothing of the others is in the main bundle.
const LANGUAGE_FILES = {
  de: () => import('./i18n/de.js'),
  fr: () => import('./i18n/fr.js'),
  es: () => import('./i18n/es.js'),
  it: () => import('./i18n/it.js'),
  nl: () => import('./i18n/nl.js'),
  pl: () => import('./i18n/pl.js'),
  pt: () => import('./i18n/pt.js'),
  ro: () => import('./i18n/ro.js'),
  uk: () => import('./i18n/uk.js'),
  ar: () => import('./i18n/ar.js'),
};

/** The core's wasm (bundlers emit it from this reference). */
const WASM_URL = new URL('./consentry_core_bg.wasm', import.meta.url).href;

/**
 * Our own compile of the core's wasm: streamed, or from its bytes when the
 * browser has no compileStreaming or the server's MIME type is not
 * application/wasm.
 */
function compileOwn() {
  const fromBytes = () =>
    fetch(WASM_URL)
      .then((r) => {
        if (!r.ok) throw new Error(`Consentry: the core's wasm (${WASM_URL}) answered HTTP ${r.status}`);
        return r.arrayBuffer();
      })
      .then((bytes) => WebAssembly.compile(bytes));
  return WebAssembly.compileStreaming ? WebAssembly.compileStreaming(fetch(WASM_URL)).catch(fromBytes) : fromBytes();
}

/**
 * The core, compiled and instantiated: from the Module the stub began
 * compiling in <head> (`early`: [its URL, the compiling Module],
 * js/stub.js) when that is this entry's own wasm, else compiled here; a
 * compile of the stub's that failed (no compileStreaming, a wrong MIME
 * type, a 404) falls back to ours. The instance is made synchronously, in
 * the task that has the Module: no further wait for the main thread.
 */
function loadCore(early) {
  const compiled = early && early[0].href === WASM_URL ? early[1].catch(compileOwn) : compileOwn();
  return compiled.then((module) => initSync({ module }));
}

/** How long the core may take to load before the page is told it failed (fail closed). */
const LOAD_TIMEOUT_MS = 15000;

/** The texts of `lang`, or undefined (English then): a failed load never blocks the dialog. */
function languageTexts(lang) {
  if (!Object.hasOwn(LANGUAGE_FILES, lang)) return Promise.resolve(undefined);
  return LANGUAGE_FILES[lang]().then(
    (module) => module.default,
    () => undefined,
  );
}

/** The config as JSON text: `config` (an object) or the #consentry-config tag's text. */
function configText(config) {
  if (config !== undefined) return JSON.stringify(config);
  const tag = document.getElementById('consentry-config');
  if (!tag) {
    throw coreError(
      'no-config',
      'Consentry: no config: pass one to init() or add <script type="application/json" id="consentry-config">',
    );
  }
  return tag.textContent;
}

/**
 * Starts with `config`. `trackers` is the tracker table's text from the
 * stub's interface (undefined without a stub), `wasm` its early compile.
 * `started()` runs right after the shell has begun, in the same task;
 * `failed(error)` hears a start that failed (after one console error) or
 * timed out. Resolves once started.
 */
export function start(config, { trackers, wasm, started, failed }) {
  const starting = Promise.resolve()
    .then(() => {
      const text = configText(config);
      prefetchChunks(text); // beside the wasm: no round trip of their own
      return loadCore(wasm).then(() => {
        const setup = Setup.read(text, pageFacts(trackers));
        const settings = setup.settings();
        // The dialog's language (its texts are fetched unless it is English)
        // and the chunks the settings name, fetched together.
        // The rest in a new task: the start's work comes in two shorter
        // tasks. scheduler.yield() puts it ahead of the tasks already queued
        // (a site's deferred bundle, measured: setTimeout let one of ~100 ms
        // run in between); a timer where there is no scheduler.yield.
        const nextTask = globalThis.scheduler && scheduler.yield ? scheduler.yield() : new Promise((ok) => setTimeout(ok));
        return Promise.all([languageTexts(settings.language), loadChunks(settings, text), nextTask]).then(([texts, chunks]) => {
          begin(setup.start(texts), settings, text, chunks);
          started();
        });
      });
    })
    .catch((e) =>
      // One clear console error (an invalid config lists every problem),
      // even when the caller ignores the rejected promise.
      // The page's wasm carries a code for each config problem sentence
      // (src/core/say.rs): the diagnostics chunk puts the sentences back.
      (e?.message?.includes?.('\x01') ? diagnose('sentences', e) : Promise.resolve()).then(() => {
        report(e);
        failed(e);
        throw e;
      }),
    );
  // A core that never arrives fails closed: nothing held is released, and
  // queued code hears about it.
  const timer = setTimeout(
    () => failed(coreError('core-timeout', 'Consentry: the core did not load in time')),
    LOAD_TIMEOUT_MS,
  );
  starting.then(
    () => clearTimeout(timer),
    () => clearTimeout(timer),
  );
  return starting;
}
