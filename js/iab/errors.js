// The codec modules' errors: the wasm throws "code: sentence"
// (src/core/iab/error.rs); callers get an Error whose message starts with
// "Consentry:" and whose `code` is the stable code (e.g. "iab.truncated").

export function codecError(e) {
  const found = /^(iab\.[a-z0-9-]+): ([\s\S]*)$/.exec(e && e.message ? e.message : '');
  if (!found) return e;
  const error = new Error(`Consentry: ${found[2]}`);
  error.code = found[1];
  return error;
}

/** `f` with its errors mapped by codecError. */
export const guarded =
  (f) =>
  (...args) => {
    try {
      return f(...args);
    } catch (e) {
      throw codecError(e);
    }
  };

/**
 * init() for a wasm-bindgen module: no argument in a browser (the .wasm
 * next to the module file, through import.meta.url), or the wasm's bytes,
 * a URL, a Response or a WebAssembly.Module (Node: the bytes).
 */
export const initWith = (initWasm) => (input) =>
  initWasm(input === undefined ? undefined : { module_or_path: input });
