// consentry/server for any JavaScript runtime with WebAssembly and no DOM
// (edge functions, workers; Node uses server.js, which loads the core at
// import): the visitor's choice from a request's Cookie header, decided by
// the same wasm core as the page (one codec, one set of validity rules).
//
//   import { loadCore, readConsent, hasConsent } from 'consentry/server';
//   await loadCore();                       // once; see loadCore below
//   const record = readConsent(request.headers.get('cookie'), config);
//   if (hasConsent(record, 'analytics')) { ... }
//
// The build bundles this file into pkg/server-edge.js with the glue of the
// server's wasm (pkg/consentry_server_bg.wasm: the page's core plus the
// server exports at the end of src/api.rs), which './consentry_core.js'
// resolves to there.
import initAsync, {
  initSync,
  readConsent as coreRead,
  resetCookies as coreReset,
  checkConfig as coreCheck,
  categoryFor as coreCategory,
  cookieMatches as coreMatches,
} from './consentry_core.js';
import { recordGrants } from './grants.js';

let loaded = false;

/** An Error with a stable `code` beside its message. */
function failure(code, message) {
  const e = new Error(message);
  e.code = code;
  return e;
}

function loadedCore() {
  if (!loaded) {
    throw failure(
      'ERR_CONSENTRY_NOT_LOADED',
      "Consentry: the core is not loaded; call `await loadCore()` once first (Node's 'consentry/server' does it at import)",
    );
  }
}

/**
 * Loads the core (once; later calls resolve at once). `source`:
 * - nothing: fetches `consentry_server_bg.wasm` next to this module;
 * - a `WebAssembly.Module`: for runtimes that compile wasm only from their
 *   own imports (Vercel Edge: `import wasm from 'consentry/consentry_server_bg.wasm?module'`;
 *   Cloudflare Workers: `import wasm from 'consentry/consentry_server_bg.wasm'`);
 * - the wasm's bytes, a `URL`, a `Response` or a promise of one.
 */
export async function loadCore(source) {
  if (loaded) return;
  if (source instanceof WebAssembly.Module || source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    initSync({ module: source });
  } else {
    await initAsync(source === undefined ? undefined : { module_or_path: source });
  }
  loaded = true;
}

/** For server.js: loads the core from its bytes, synchronously. */
export function loadCoreSync(bytes) {
  if (!loaded) initSync({ module: bytes });
  loaded = true;
}

// The config's JSON text, made once per config object.
const texts = new WeakMap();
function configText(config) {
  if (typeof config === 'string') return config;
  if (config === null || typeof config !== 'object') {
    throw failure('ERR_CONSENTRY_ARGUMENT', 'Consentry: the config must be the config object (as for init) or its JSON text');
  }
  let text = texts.get(config);
  if (text === undefined) {
    text = JSON.stringify(config);
    texts.set(config, text);
  }
  return text;
}

/** Runs a core call; its errors (an invalid config) get a code. */
function core(call) {
  try {
    return call();
  } catch (e) {
    if (e && typeof e.message === 'string' && e.message.startsWith('Consentry: invalid config')) {
      e.code = 'ERR_CONSENTRY_CONFIG';
    }
    throw e;
  }
}

/**
 * The visitor's choice as `getConsent()` returns it in the page, or `null`
 * when the `Cookie` header holds no valid choice for `config` (no cookie,
 * tampered, expired, an older revision, other categories). `options.now`:
 * the time (default `Date.now()`); `options.gpc`: the request carried
 * `Sec-GPC: 1` (the record is then narrowed as the page will narrow it).
 * An invalid config throws (code `ERR_CONSENTRY_CONFIG`), as `init` rejects.
 */
export function readConsent(cookieHeader, config, options = {}) {
  loadedCore();
  const header = Array.isArray(cookieHeader) ? cookieHeader.join('; ') : cookieHeader == null ? '' : String(cookieHeader);
  const now = options.now === undefined ? Date.now() : Number(options.now);
  const json = core(() => coreRead(header, configText(config), now, options.gpc === true));
  return json === undefined ? null : JSON.parse(json);
}

/** Whether `record` (from readConsent) grants `category`, or `service` of it; `false` for `null`. */
export function hasConsent(record, category, service) {
  return recordGrants(record, category, service);
}

/**
 * The `Set-Cookie` header values that forget the stored choice (the
 * server's `reset()`): the consent cookie deleted on every domain and path
 * variant, for a request to `host` at `path` (default `/`).
 */
export function resetCookies(config, { host, path = '/' } = {}) {
  loadedCore();
  if (typeof host !== 'string' || typeof path !== 'string') {
    throw failure('ERR_CONSENTRY_ARGUMENT', 'Consentry: resetCookies(config, { host, path }) takes the host name and path as strings');
  }
  return core(() => coreReset(configText(config), host, path));
}

/**
 * The config's warnings (unknown options and the like, one `path: message`
 * line each); an invalid config throws (code `ERR_CONSENTRY_CONFIG`).
 */
export function checkConfig(config) {
  loadedCore();
  return core(() => coreCheck(configText(config)));
}

/**
 * The category `url` needs before it may load on a page of `host` (the
 * tracker table, the config's `blocking.hosts` and `blocking.unknown`), as
 * the page's stub and core answer it; `null` for none. `url` is read by the
 * WHATWG URL parser, as a browser reads it.
 */
export function categoryFor(config, url, { host } = {}) {
  loadedCore();
  if (typeof host !== 'string') {
    throw failure('ERR_CONSENTRY_ARGUMENT', 'Consentry: categoryFor(config, url, { host }) takes the page\'s host name as a string');
  }
  let u;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  return core(() => coreCategory(configText(config), host, u.protocol, u.hostname, u.pathname)) ?? null;
}

/** Whether the cookie `name` matches a config cookie-name `pattern` (`_ga_*`), by the rule withdrawal deletes by. */
export function cookieMatches(pattern, name) {
  loadedCore();
  return coreMatches(String(pattern), String(name));
}
