// Host classification: the ONE place the scanner asks "which category must a
// visitor grant before this URL may load?". It asks the core itself: the
// release wasm of pkg/ (built by `npm run build`) loaded in Node through its
// wasm-bindgen glue, started with the site's config, so the answer is the
// core's matcher over data/trackers.json plus the config's blocking.hosts —
// the same answer the stub and the core give on the page.
//
// The core's boundary (Core.start's arguments, categoryFor) is known here
// only: rewire startCore() and categoryOf() when that boundary changes.
import { existsSync, readFileSync } from 'node:fs';

// In the package: pkg/cli/scan/ -> pkg/cli/consentry_core.js, pkg/consentry_core_bg.wasm.
// In a clone of the repository: cli/scan/ -> pkg/ (after npm run build).
const LAYOUTS = [
  ['../consentry_core.js', '../../consentry_core_bg.wasm'],
  ['../../pkg/cli/consentry_core.js', '../../pkg/consentry_core_bg.wasm'],
];

let core;

async function loadCore() {
  if (core) return core;
  const found = LAYOUTS.map(([glue, wasm]) => [new URL(glue, import.meta.url), new URL(wasm, import.meta.url)]).find(
    ([glue, wasm]) => existsSync(glue) && existsSync(wasm),
  );
  if (!found) {
    throw new Error('consentry scan: the built core is missing (pkg/consentry_core_bg.wasm); run `npm run build` first');
  }
  const glue = await import(found[0].href);
  glue.initSync({ module: readFileSync(found[1]) });
  core = glue;
  return core;
}

/**
 * A started core for a config text on a page of `pageHost` (throws the
 * core's own message, such as `Consentry: categories.analytics.cookies[0].name:
 * must not be empty`, when the config is invalid). Returns { session, warnings }.
 */
export async function startCore(configText, pageHost = 'scan.invalid') {
  const { Core } = await loadCore();
  const session = Core.start(configText, undefined, pageHost, '/', true, undefined, [], false, '', 0, new Uint8Array(12));
  const warnings = session.warnings();
  return { session, warnings: warnings ? warnings.split('\n') : [] };
}

/** The category a started core gives `url`, read by the WHATWG URL parser as
 * the browser reads it (js/activate.js does the same), or undefined. */
export function categoryOf(session, url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  return session.categoryFor(u.protocol, u.hostname, u.pathname) ?? undefined;
}

/** The config the scanner classifies with when the site's own is missing or invalid. */
const FALLBACK = JSON.stringify({
  categories: { necessary: { required: true }, preferences: {}, analytics: {}, marketing: {}, embeds: {} },
});

/**
 * `(url) => category | undefined`: the category a URL needs under `configText`
 * on the site `pageHost` (tracker table, blocking.hosts, blocking.unknown), or
 * undefined for no known tracker. An invalid config falls back to the table
 * alone (`fellBack: true`).
 */
export async function hostClassifier(configText, pageHost) {
  let started;
  let fellBack = false;
  try {
    started = await startCore(configText || FALLBACK, pageHost);
  } catch {
    started = await startCore(FALLBACK, pageHost);
    fellBack = Boolean(configText);
  }
  const classify = (url) => categoryOf(started.session, url);
  classify.fellBack = fellBack;
  return classify;
}
