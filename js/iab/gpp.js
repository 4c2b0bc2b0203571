// pkg/consentry-gpp.js: the GPP-string codec (Rust, its own wasm module,
// fetched only by sites that configure `regions` or `gpp`) and a regions
// site's page part. The main entry loads it with import('./consentry-gpp.js');
// Node: initSync({ module: bytes }) or init(bytes) first.
//
//   encode({ sections: { usnat: {...}, usca: {...}, tcfeuv2: 'CQ…' } }) -> GPP string
//   decode(gppString) -> { version, sectionIds, sections }
//   startPage(settings, configText) -> the page part the shell drives (./gpp-page.js)
//
// Section members are the spec's field names (src/core/gpp/json.rs).
import initWasm, { initSync, encode as encodeJson, decode as decodeJson, RegionsSite } from './consentry_gpp.js';
import { guarded, initWith } from './errors.js';
import { startRegions } from './gpp-page.js';

export { initSync, RegionsSite };

const init = initWith(initWasm);
export default init;

/** A GPP string for `model`; throws an Error with `code` for a bad model. */
export const encode = guarded((model) => encodeJson(JSON.stringify(model)));

/** The model of `gppString`; throws an Error with `code` for a bad string. */
export const decode = guarded((gppString) => JSON.parse(decodeJson(String(gppString))));

/**
 * A regions site's page part (js/chunks.js calls this before the shell
 * begins): reads `regions`, `gpp` and the categories' marks from
 * `configText` with the module's wasm; an invalid section throws a
 * `config-invalid` error, which fails the start like any config error.
 */
export async function startPage(settings, configText) {
  await init();
  let site;
  try {
    site = new RegionsSite(configText, location.hostname, location.protocol === 'https:');
  } catch (e) {
    const text = String((e && e.message) || e);
    const error = new Error(`Consentry: invalid config:\n${text.replace(/^config-invalid: /, '')}`);
    error.code = 'config-invalid';
    throw error;
  }
  return startRegions(site, { encode, decode }, settings);
}
