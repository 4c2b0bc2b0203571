// npm run floor: what the payload budget of issue 7 leaves for the Rust
// core. Run after `npm run build` (it reads pkg/).
//
//   budget (vanilla-cookieconsent's JS + CSS, gzip -9)
//   − the stub (pkg/consentry-stub.js)
//   − the JS entry without the wasm-bindgen glue (js/ bundled and minified
//     as scripts/package.mjs does, CSS inlined)
//   − the least a wasm-bindgen module weighs: bench/floor/, one string
//     export with an error path, same toolchain, allocator and profile,
//     the build's wasm-opt (scripts/wasm-opt.sh), plus its glue minified
//   = what is left for config, record, cookie codec, texts, markup and
//     the tracker table, compared with what they weigh now.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { minify } from 'terser';
import { bundleEntry } from '../scripts/entry.mjs';

const BUDGET = 15513;
const root = new URL('../', import.meta.url);
const at = (p) => fileURLToPath(new URL(p, root));
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const minified = async (code) => (await minify(code, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } })).code;
// cargo and wasm-bindgen as scripts/setup.sh installs them.
const env = { ...process.env, PATH: `${process.env.HOME}/.cargo/bin:${process.env.PATH}` };
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });

// The JS entry as the build makes it, with the glue replaced by an empty module.
const entryWithoutGlue = async () =>
  gzip((await bundleEntry({ code: 'export class Core {}\nexport default async function init() {}' })).code);

function emptyCore() {
  const dir = at('bench/floor/');
  const target = at('target/floor');
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--quiet', '--target-dir', target], dir);
  const out = at('target/floor/out');
  run('wasm-bindgen', ['--target', 'web', '--out-dir', out, '--out-name', 'floor',
    `${target}/wasm32-unknown-unknown/release/consentry_floor.wasm`], dir);
  run('bash', [at('scripts/wasm-opt.sh'), `${out}/floor_bg.wasm`, `${out}/floor_bg.wasm`], dir);
  return { wasm: gzip(readFileSync(`${out}/floor_bg.wasm`)), glue: readFileSync(`${out}/floor.js`, 'utf8') };
}

const stub = gzip(readFileSync(at('pkg/consentry-stub.js')));
const entry = await entryWithoutGlue();
const empty = emptyCore();
const emptyGlue = gzip(await minified(empty.glue));
const wasm = gzip(readFileSync(at('pkg/consentry_core_bg.wasm')));
const total = stub + gzip(readFileSync(at('pkg/consentry.js'))) + wasm;
const left = BUDGET - stub - entry - empty.wasm - emptyGlue;
const rows = [
  ['budget (vanilla-cookieconsent JS + CSS)', BUDGET],
  ['− stub', stub],
  ['− JS entry without glue (dialog, activation, API, integrations, CSS)', entry],
  ['− empty wasm-bindgen core: wasm', empty.wasm],
  ['− empty wasm-bindgen core: glue', emptyGlue],
  ['= left for the Rust core', left],
  ['the Rust core now: its wasm beyond the empty one (its extra glue not counted)', wasm - empty.wasm],
  ['the whole first visit now', total],
];
for (const [label, n] of rows) console.log(`${label.padEnd(80)} ${String(n).padStart(6)}`);
const factor = left > 0 ? `${((wasm - empty.wasm) / left).toFixed(1)}x smaller than it is` : 'smaller than nothing';
console.log(`To meet the budget the core would have to be ${factor} (gzip -9 bytes).`);
