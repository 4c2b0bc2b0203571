// pkg/consentry-gpp.js: the GPP-string codec (Rust, its own wasm module,
// fetched only by sites that configure `gpp`). Node: initSync({ module:
// bytes }) or init(bytes) first.
//
//   encode({ sections: { usnat: {...}, usca: {...}, tcfeuv2: 'CQ…' } }) -> GPP string
//   decode(gppString) -> { version, sectionIds, sections }
//
// Section members are the spec's field names (src/core/gpp/json.rs).
import initWasm, { initSync, encode as encodeJson, decode as decodeJson } from './consentry_gpp.js';
import { guarded, initWith } from './errors.js';

export { initSync };

export default initWith(initWasm);

/** A GPP string for `model`; throws an Error with `code` for a bad model. */
export const encode = guarded((model) => encodeJson(JSON.stringify(model)));

/** The model of `gppString`; throws an Error with `code` for a bad string. */
export const decode = guarded((gppString) => JSON.parse(decodeJson(String(gppString))));
