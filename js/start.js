// Starting: the config (the #consentry-config tag or init(config)), read
// once by the core's Setup; the chosen language's texts, fetched unless
// English; then the core, handed to the shell. A core that does not arrive
// in time fails closed.
import initWasm, { Setup } from './consentry_core.js';
import { coreError } from './core-error.js';
import { pageFacts, report } from './page.js';
import { begin } from './shell.js';

// Only English is compiled into the wasm; the other built-in languages are
// fetched when chosen. One static `new URL` each, so bundlers emit them all.
const LANGUAGE_FILES = {
  de: new URL('./i18n/de.json', import.meta.url),
  fr: new URL('./i18n/fr.json', import.meta.url),
  es: new URL('./i18n/es.json', import.meta.url),
  it: new URL('./i18n/it.json', import.meta.url),
  nl: new URL('./i18n/nl.json', import.meta.url),
  pl: new URL('./i18n/pl.json', import.meta.url),
  pt: new URL('./i18n/pt.json', import.meta.url),
  ro: new URL('./i18n/ro.json', import.meta.url),
  uk: new URL('./i18n/uk.json', import.meta.url),
  ar: new URL('./i18n/ar.json', import.meta.url),
};

/** How long the core may take to load before the page is told it failed (fail closed). */
const LOAD_TIMEOUT_MS = 15000;

/** The texts of `lang`, or undefined (English then): a failed fetch never blocks the dialog. */
function languageTexts(lang) {
  const url = Object.prototype.hasOwnProperty.call(LANGUAGE_FILES, lang) ? LANGUAGE_FILES[lang] : null;
  if (!url) return Promise.resolve(undefined);
  return fetch(url).then(
    (r) => (r.ok ? r.text() : undefined),
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

/** FNV-1a of the config text, as 8 hex digits: which config a receipt was made under. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Starts with `config`. `started()` runs right after the shell has begun, in
 * the same task; `failed(error)` hears a start that failed (after one
 * console error) or timed out. Resolves once started.
 */
export function start(config, { started, failed }) {
  const starting = initWasm()
    .then(() => {
      const text = configText(config);
      const setup = Setup.read(text, pageFacts());
      const settings = setup.settings();
      // The dialog's language: its texts are fetched unless it is English.
      // A TCF site's page part (pkg/consentry-tcf.js) comes alongside; an
      // invalid tcf section or vendor list fails the start, like any config error.
      const tcf = settings.tcf ? import('./consentry-tcf.js').then((m) => m.startPage(settings, text)) : undefined;
      return Promise.all([languageTexts(settings.language), tcf]).then(([texts, extension]) => {
        begin(setup.start(texts), settings, fnv1a(text), extension);
        started();
      });
    })
    .catch((e) => {
      // One clear console error (an invalid config lists every problem),
      // even when the caller ignores the rejected promise.
      report(e);
      failed(e);
      throw e;
    });
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
