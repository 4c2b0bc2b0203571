// pkg/consentry-tcf.js: the TC-string codec (Rust, its own wasm module,
// fetched only by sites that configure `tcf`) and the CMP API's TCData
// builder. The main entry loads it with import('./consentry-tcf.js');
// Node (tests, consentry/server) calls initSync({ module: bytes }) or
// init(bytes) first.
//
//   encode(model) -> TC string        decode(tcString) -> model
//   new VendorList(gvlJsonText)       .checkVendors(ids), .checkString(tcString)
//   tcData(model, options) -> TCData  (./tcdata.js)
//   start(configText) -> a TCF site's page part, started (./tcf-page.js)
//
// Models are plain objects with iabtcf's TCModel field names
// (src/core/tcf/json.rs says which).
import initWasm, {
  initSync,
  encode as encodeJson,
  decode as decodeJson,
  VendorList as WasmVendorList,
  TcfSite,
} from './consentry_tcf.js';
import { codecError, guarded, initWith } from './errors.js';
import { startTcf } from './tcf-page.js';

export { initSync };
export { tcData } from './tcdata.js';

export default initWith(initWasm);

/** A TC string for `model`; throws an Error with `code` for a bad model. */
export const encode = guarded((model) => encodeJson(JSON.stringify(model)));

/** The model of `tcString`; throws an Error with `code` for a bad string. */
export const decode = guarded((tcString) => JSON.parse(decodeJson(String(tcString))));

/** A site's vendor list (what `consentry gvl` writes), parsed once. */
export class VendorList {
  constructor(gvlJsonText) {
    try {
      this.list = new WasmVendorList(String(gvlJsonText));
    } catch (e) {
      throw codecError(e);
    }
  }

  get vendorListVersion() {
    return this.list.vendorListVersion;
  }

  get tcfPolicyVersion() {
    return this.list.tcfPolicyVersion;
  }

  /** Throws for a configured vendor the list lacks or has deleted. */
  checkVendors(ids) {
    guarded((v) => this.list.checkVendors(Uint16Array.from(v)))(ids);
  }

  /** Throws when a stored string cannot stand with this list: ask again. */
  checkString(tcString) {
    guarded((s) => this.list.checkString(String(s)))(tcString);
  }
}

/**
 * Starts a TCF site's page part (js/chunks.js calls it with the config
 * text as soon as the text is known, beside the core's wasm; once per
 * page): the wasm, the `tcf` section read by the module's own reader (an
 * invalid one throws `config-invalid` with every problem), the site's
 * vendor list fetched from `tcf.gvl` and checked against the configured
 * vendors, then the CMP and the dialog parts on the public API
 * (./tcf-page.js). A failure fails the start, like any config error.
 */
export function start(configText) {
  if (!starting) starting = startOnce(configText);
  return starting;
}
let starting = null;

async function startOnce(configText) {
  const api = window.consentry;
  // The module works through the public API, which consentry.js sets there (a page that made it read-only was told).
  if (!api || typeof api.on !== 'function') throw new Error('Consentry: TCF needs window.consentry, the API; it is not there');
  await initWasm();
  let site;
  try {
    site = new TcfSite(configText, location.hostname, location.pathname, location.protocol === 'https:');
  } catch (e) {
    const error = new Error('Consentry: invalid config:\n' + String(e.message).replace(/^config-invalid: /, ''));
    error.code = 'config-invalid';
    throw error;
  }
  const response = await fetch(site.gvl);
  if (!response.ok) throw new Error(`Consentry: tcf.gvl ${site.gvl} answered ${response.status}`);
  const gvlText = await response.text();
  const list = new VendorList(gvlText);
  list.checkVendors(Array.from(site.vendors));
  startTcf(api, site, { decode, encode, list, gvlText });
  return {};
}
