// npm run size: what each kind of page fetches, raw / gzip -9 / brotli 11,
// against its budget, and the change since the last build.
//
// Budgets, not a ratchet (docs/size.md):
//   - the stub: 3,500 B gzip (inline-critical, in every <head>);
//   - a basic config's first visit, everything it fetches: 50,000 B gzip;
//   - every feature a basic site does not configure has its own budget and
//     is fetched only by the sites that configure it (see FEATURES).
// The release wasm must also keep out what drags in kilobytes for nothing
// (docs/size.md), checked on its symbol names: core::fmt (format!, Display,
// {:?}, panics with formatted arguments) and collected adapter chains.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { sayTable } from './say-table.mjs';

const root = new URL('../', import.meta.url);
const at = (p) => new URL(p, root);
const LAST = at('target/size-last.json');

export const STUB_BUDGET = 3500;
export const FIRST_VISIT_BUDGET = 50000;
/** What a basic config's first visit fetches (English: compiled in). */
export const FIRST_VISIT = ['consentry-stub.js', 'consentry.js', 'consentry_core_bg.wasm'];
/**
 * Files fetched only by the sites that configure a feature: [file or
 * glob-free list, budget]. A missing file fails the check (the build must
 * make what it promises). Extended as features land.
 */
export const FEATURES = [
  { name: 'one other language (de)', files: ['i18n/de.js'], budget: 2500 },
  // Google Consent Mode's defaults, right after the stub (js/consent-mode.js):
  // 343 B, then 639 B with the per-region defaults (issue 17), plus about 10 %.
  { name: 'Consent Mode defaults script', files: ['consentry-consent-mode.js'], budget: 700 },
  // The entry's chunks (js/chunks.js, js/placeholder.js): measured 571, 590
  // and 903 B when they were split off, plus about 25 %.
  { name: 'tag integrations chunk', files: ['consentry-integrations.js'], budget: 750 },
  { name: 'consent receipts chunk', files: ['consentry-receipts.js'], budget: 750 },
  { name: 'placeholder chunk', files: ['consentry-placeholder.js'], budget: 1150 },
  // Developer messages (js/diagnostics.js): fetched only when the entry's
  // cheap checks found a mistake. Measured 1,775 B when split off, plus 25 %;
  // 2,796 B with the config problem sentences (rule 5 in docs/size.md), plus 25 %.
  { name: 'diagnostics chunk (mistakes only)', files: ['consentry-diagnostics.js'], budget: 3500 },
  // The web-storage clean-up (js/storage.js): measured 261 B, plus about 25 %.
  { name: 'storage clean-up chunk', files: ['consentry-storage.js'], budget: 330 },
  // The returning visitor's fast path (docs/fast-path.md): the script the
  // stub loads when the core left a note, and the chunk that writes the note
  // after a change (neither is part of a first visit before its choice):
  // measured 900 and 304 B, plus about 25 %.
  { name: 'fast path script (returning visits)', files: ['consentry-fast.js'], budget: 1150 },
  { name: 'decision note chunk (after a change)', files: ['consentry-note.js'], budget: 400 },
  // The IAB codecs: measured 25,122 and 16,886 B, plus about 15 % (docs/iab.md).
  // The TCF module also carries the page part since issue 16 (CMP API,
  // layers, the tcf section's reader, labels in 3 languages): measured
  // 39,1xx B, plus about 8 % (docs/tcf.md).
  { name: 'TCF module (codec, CMP, layers + wasm)', files: ['consentry-tcf.js', 'consentry_tcf_bg.wasm'], budget: 42000 },
  // A TCF site's synchronous part: the base stub and __tcfapi's (issue 16).
  { name: 'TCF site: both stubs', files: ['consentry-stub.js', 'consentry-tcf-stub.js'], budget: 4500 },
  // The GPP module also carries a regions site's page part since issue 17
  // (the regions reader and stamp in its wasm, __gpp, the opt-out UI and its
  // texts in 11 languages): measured 36,550 B, plus about 9 % (docs/regions.md).
  { name: 'GPP module (codec, regions, __gpp, opt-out UI + wasm)', files: ['consentry-gpp.js', 'consentry_gpp_bg.wasm'], budget: 40000 },
  // A regions site's synchronous part: the base stub and __gpp's (issue 17).
  { name: 'regions site: both stubs', files: ['consentry-stub.js', 'consentry-gpp-stub.js'], budget: 5000 },
  // Bundled by the sites that import them (as shipped: readable, with
  // comments; a site's bundler minifies them).
  { name: 'consentry/react', files: ['react.js', 'consent-store.js', 'grants.js'], budget: 4000 },
  { name: 'consentry/vue', files: ['vue.js', 'consent-store.js', 'grants.js'], budget: 3000 },
];
/** The unoptimised release wasms whose symbols the core::fmt check reads. */
const UNOPTIMISED = [
  'target/wasm32-unknown-unknown/release/consentry.wasm',
  'target/module-tcf/wasm32-unknown-unknown/release/consentry.wasm',
  'target/module-gpp/wasm32-unknown-unknown/release/consentry.wasm',
  'target/server/wasm32-unknown-unknown/release/consentry.wasm',
];

/**
 * The little of core::fmt that std's panic handler links in whatever the
 * crate does (it writes the payload of an aborting panic into a String):
 * fmt::write, Formatter::write_str, String as fmt::Write and the payloads'
 * Display. Anything else from core::fmt or alloc::fmt (integer or float
 * Display, Formatter::pad, Debug impls, format!) comes from our code.
 */
const STD_PANIC_FMT = [
  /3std9panicking13panic_handler.*4core3fmt7Display3fmt$/,
  /6String\w*_4core3fmt5Write(10write_char|9write_str|9write_fmt)/,
  /^_RNvNtCs\w+_4core3fmt5write$/,
  /4core3fmtNtB5_9Formatter9write_str$/,
];

/**
 * Size rule 2 (docs/size.md): release code builds its vectors with `for`
 * loops, not by collecting `flat_map` / `filter_map` / `filter` / `chain`
 * adapters, each of which is its own copy of Vec's from_iter/extend code.
 * What such a collect leaves among the symbols: an instance of one of these
 * adapters, or another `extend_desugared` beyond the one wasm-bindgen's own
 * list conversion brings.
 */
const COLLECTED_CHAIN = /core\.\.iter\.\.adapters\.\.(flatten\.\.(FlatMap|Flatten)|filter_map\.\.FilterMap)\$LT\$/;
const EXTEND_DESUGARED = /alloc3vec16Vec\$LT\$T\$C\$A\$GT\$16extend_desugared/;
const WASM_BINDGEN_EXTEND_DESUGARED = 1;

/** The symbol names of the unoptimised release wasm (its `name` section). */
function functionNames(wasm) {
  const names = [];
  let at = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = wasm[at++];
      result |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) return result >>> 0;
      shift += 7;
    }
  };
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = leb();
    const end = at + size;
    if (id === 0) {
      const nameLength = leb();
      const name = wasm.subarray(at, at + nameLength).toString();
      at += nameLength;
      if (name === 'name') {
        while (at < end) {
          const sub = wasm[at++];
          const subSize = leb();
          const subEnd = at + subSize;
          if (sub === 1) {
            const count = leb();
            for (let i = 0; i < count; i++) {
              leb();
              const n = leb();
              names.push(wasm.subarray(at, at + n).toString());
              at += n;
            }
          }
          at = subEnd;
        }
      }
    }
    at = end;
  }
  return names;
}

function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

async function main() {
  const last = existsSync(LAST) ? JSON.parse(await readFile(LAST, 'utf8')) : {};
  const now = {};
  const problems = [];
  const change = (file, gzip) => {
    if (last[file] === undefined) return '';
    const d = gzip - last[file];
    return d === 0 ? '±0' : d > 0 ? `+${d}` : String(d);
  };
  const row = (label, s, delta = '') =>
    console.log(
      `${label.padEnd(30)} ${String(s.raw).padStart(8)} ${String(s.gzip).padStart(8)} ${String(s.brotli).padStart(8)} ${delta.padStart(8)}`,
    );
  const measure = async (file) => {
    const path = at(`pkg/${file}`);
    if (!existsSync(path)) {
      problems.push(`pkg/${file} is missing`);
      return { raw: 0, gzip: 0, brotli: 0 };
    }
    const s = sizes(await readFile(path));
    now[file] = s.gzip;
    return s;
  };

  console.log(`${'file'.padEnd(30)} ${'raw'.padStart(8)} ${'gzip-9'.padStart(8)} ${'brotli'.padStart(8)} ${'change'.padStart(8)}`);
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const file of FIRST_VISIT) {
    const s = await measure(file);
    row(file, s, change(file, s.gzip));
    for (const k of Object.keys(total)) total[k] += s[k];
    if (file === 'consentry-stub.js' && s.gzip > STUB_BUDGET) {
      problems.push(`the stub is ${s.gzip} B gzip, over its ${STUB_BUDGET} B budget`);
    }
  }
  now.total = total.gzip;
  row('first visit, basic config', total, change('total', total.gzip));
  console.log(`budgets: stub ${STUB_BUDGET} B; first visit ${FIRST_VISIT_BUDGET} B (${FIRST_VISIT_BUDGET - total.gzip} B headroom)`);
  if (total.gzip > FIRST_VISIT_BUDGET) {
    problems.push(`a basic first visit is ${total.gzip} B gzip, over its ${FIRST_VISIT_BUDGET} B budget`);
  }

  console.log('\nfetched only when configured:');
  for (const feature of FEATURES) {
    const sum = { raw: 0, gzip: 0, brotli: 0 };
    for (const file of feature.files) {
      const s = await measure(file);
      for (const k of Object.keys(sum)) sum[k] += s[k];
    }
    const key = `feature:${feature.name}`;
    now[key] = sum.gzip;
    row(feature.name, sum, change(key, sum.gzip));
    if (sum.gzip > feature.budget) {
      problems.push(`${feature.name} is ${sum.gzip} B gzip, over its ${feature.budget} B budget`);
    }
  }

  // core::fmt stays out of the release wasm: it costs kilobytes and no
  // release path needs it (messages are built with push_str).
  for (const file of UNOPTIMISED) {
    const unoptimised = at(file);
    if (!existsSync(unoptimised)) continue;
    const names = functionNames(await readFile(unoptimised));
    const fmt = names.filter((n) => /4core3fmt|core\.\.fmt\.\.|5alloc3fmt/.test(n) && !STD_PANIC_FMT.some((r) => r.test(n)));
    if (names.length === 0) problems.push(`${file} has no name section to check`);
    else if (fmt.length) {
      problems.push(`core::fmt is linked into ${file} (${fmt.length} functions, e.g. ${fmt.slice(0, 3).join(', ')}); keep format!/Display out of release paths`);
    } else console.log(`${file}: ${names.length} functions, none from core::fmt beyond std's panic handler`);
    if (file !== UNOPTIMISED[0]) continue; // rule 2 is the page core's (its count of wasm-bindgen's own chains)
    const chains = names.filter((n) => COLLECTED_CHAIN.test(n));
    const desugared = names.filter((n) => EXTEND_DESUGARED.test(n)).length;
    if (chains.length || desugared > WASM_BINDGEN_EXTEND_DESUGARED) {
      problems.push(
        `an adapter chain is collected in release code (${chains.length} flat_map/filter_map instances, ${desugared} extend_desugared); build the vector with a for loop (docs/size.md, rule 2)`,
      );
    } else console.log(`${file}: no collected flat_map/filter_map/filter chains (docs/size.md, rule 2)`);
  }

  // Size rule 5 (docs/size.md): the page wasm carries codes, not the config
  // problem sentences (the diagnostics chunk has them): none of the longer
  // ones is in it as text.
  const core = at('pkg/consentry_core_bg.wasm');
  if (existsSync(core)) {
    const wasm = await readFile(core);
    const long = sayTable().filter((sentence) => sentence.length >= 16);
    const kept = long.filter((sentence) => wasm.includes(sentence));
    if (kept.length) problems.push(`pkg/consentry_core_bg.wasm carries config problem sentences (${kept[0]}): is cfg problem_codes set (build.rs)?`);
    else console.log(`pkg/consentry_core_bg.wasm: config problem sentences as codes (none of the ${long.length} longer ones as text)`);
  }

  await mkdir(at('target'), { recursive: true });
  await writeFile(LAST, JSON.stringify(now, null, 2) + '\n');
  for (const p of problems) console.error(`size: ${p}`);
  process.exitCode = problems.length ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
