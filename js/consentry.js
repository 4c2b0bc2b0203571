// Consentry, the ES-module entry of the npm package (pkg/consentry.js).
//
// Loaded by <script type="module" async> it starts from the page's
// #consentry-config tag (with the Module the stub compiled, js/start.js);
// imported by a bundler, its default export is the API (the same object as
// window.consentry), started by init(config).
// The wasm is found next to this file through import.meta.url, which
// webpack 5 and Vite both follow.
//
// The core (Rust, wasm) owns the config, the record, the cookie and the
// texts; the files of js/ do the page work from its answers
// (docs/architecture.md):
//   api.js           the public API: argument checks, then the shell
//   start.js         config text -> Setup (one parse) -> texts -> Core
//   shell.js         the running state: each change carried out
//   events.js        on() handlers, the change diff, record copies
//   integrations.js  Consent Mode, dataLayer, Meta Pixel, Microsoft UET
//   receipts.js      consent receipts to the site's endpoint
//   tabs.js          other tabs of the site
//   page.js          cookies, clock, randomness and page facts for the core
//   markup.js        the dialog's markup, from the core's description of it
//   dialog.js, activate.js  the dialog's DOM; held markup and placeholders
// The build bundles them and the wasm-bindgen glue into one module.
import { createApi, MARK } from './api.js';
import { diagnose } from './page.js';

const win = typeof window === 'undefined' ? undefined : window;

// One API per page, even if this module is loaded twice (script tag + bundle).
const api = win && win.consentry && win.consentry[MARK] ? win.consentry : createApi(win);

if (win) {
  try {
    win.consentry = api;
  } catch {
    // The page made window.consentry read-only: the npm export still works,
    // the page's global does not. Nothing is granted either way.
    diagnose('global');
  }
  // An `async` module tag may run before the parser has reached the config
  // tag: then look again once the document is parsed.
  const fromTag = () => document.getElementById('consentry-config') && api.init().catch(() => {}); // logged by init()
  if (!fromTag() && document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fromTag);
}

export default api;
