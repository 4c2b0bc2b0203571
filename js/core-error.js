// The errors the wasm core throws: a JS Error whose `code` names the kind
// (config-invalid, unknown-category, unknown-service, bad-argument; see
// docs/contract.md) and whose message is a sentence starting "Consentry:".
// Imported by the wasm-bindgen glue (src/api/errors.rs).
export function coreError(code, message) {
  const error = new Error(message);
  error.name = 'ConsentryError';
  error.code = code;
  return error;
}
