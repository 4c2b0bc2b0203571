// pkg/consentry-tcf.js: the TC-string codec (Rust, its own wasm module,
// fetched only by sites that configure `tcf`) and the CMP API's TCData
// builder. The main entry loads it with import('./consentry-tcf.js');
// Node (tests, consentry/server) calls initSync({ module: bytes }) or
// init(bytes) first.
//
//   encode(model) -> TC string        decode(tcString) -> model
//   new VendorList(gvlJsonText)       .checkVendors(ids), .checkString(tcString)
//   tcData(model, options) -> TCData  (./tcdata.js)
//
// Models are plain objects with iabtcf's TCModel field names
// (src/core/tcf/json.rs says which).
import initWasm, { initSync, encode as encodeJson, decode as decodeJson, VendorList as WasmVendorList } from './consentry_tcf.js';
import { codecError, guarded, initWith } from './errors.js';

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
