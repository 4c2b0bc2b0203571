// Short import and export names for the page's core (docs/size.md, rule 6):
// wasm-bindgen names each import after its Rust item plus a 16-digit hash
// (`__wbg_categories_585705259c6ed586`), and the wasm and its JS glue each
// carry every name once; the hashes do not compress. Binaryen's
// --minify-imports-and-exports-and-modules pass renames them in the wasm
// (a, b, … and A, B, …) and prints the mapping, and this script applies
// the same mapping to the glue: a name the glue lacks, or an export it
// uses that the wasm lacks, fails the build rather than the page.
//
//   node scripts/wasm-names.mjs pkg/consentry_core_bg.wasm pkg/consentry_core.js
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [wasmPath, gluePath] = process.argv.slice(2);
const wasmOpt = fileURLToPath(new URL('../node_modules/.bin/wasm-opt', import.meta.url));
// The same features as scripts/wasm-opt.sh, so the pass reads what it wrote.
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];
const printed = execFileSync(wasmOpt, ['--minify-imports-and-exports-and-modules', ...FEATURES, wasmPath, '-o', wasmPath], { encoding: 'utf8' });
const mapping = JSON.parse(printed.slice(printed.indexOf('{'), printed.lastIndexOf('}') + 1));
const compiled = new WebAssembly.Module(readFileSync(wasmPath)); // as the pass left it

let glue = readFileSync(gluePath, 'utf8');
/** `s` as a regular expression source that matches it literally. */
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// All imports move to one module (the pass names it): the glue's own
// object (`import0`) takes them, with the ones of a JS snippet module
// (`import * as import1 from "./snippets/…"`) as properties of that
// module's namespace.
const module = WebAssembly.Module.imports(compiled)[0].module;
const main = /"([^"]+)": import0,/.exec(glue);
if (!main || !glue.includes('const import0 = {')) throw new Error('wasm-names: the glue has no import0 object');
const moved = [];
for (const [from, name, short] of mapping.imports) {
  if (from === main[1]) {
    // An import of the glue's own object is a key there: `name: function`.
    const key = new RegExp(`(?<![\\w$])${escape(name)}(?=: function)`, 'g');
    if (!key.test(glue)) throw new Error(`wasm-names: the glue has no import ${name}`);
    glue = glue.replace(key, short);
    continue;
  }
  const namespace = new RegExp(`import \\* as ([\\w$]+) from "${escape(from)}"`).exec(glue);
  if (!namespace) throw new Error(`wasm-names: the glue does not import ${from}`);
  moved.push(`${short}: ${namespace[1]}.${name},`);
  glue = glue.replace(`"${from}": ${namespace[1]},`, '');
}
glue = glue.replace('const import0 = {', `const import0 = {${moved.join('')}`);
glue = glue.replace(main[0], `${JSON.stringify(module)}: import0,`);
for (const [name, short] of mapping.exports) {
  glue = glue.replace(new RegExp(`(?<=\\bwasm\\.)${escape(name)}(?![\\w$])`, 'g'), short);
}
writeFileSync(gluePath, glue);

// The glue's export uses against the minified wasm.
const exported = new Set(WebAssembly.Module.exports(compiled).map((e) => e.name));
const used = new Set([...glue.matchAll(/\bwasm\.([\w$]+)/g)].map((m) => m[1]));
const unknown = [...used].filter((name) => !exported.has(name));
if (unknown.length) throw new Error(`wasm-names: the glue uses exports the wasm lacks: ${unknown.join(', ')}`);
console.log(`${wasmPath}: ${mapping.imports.length} imports and ${mapping.exports.length} exports renamed (docs/size.md, rule 6)`);
