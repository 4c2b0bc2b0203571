// The ES-module entry as the build makes it: js/consentry.js and what it
// imports (the dialog, activation, the stylesheets inlined as minified
// strings with lightningcss) bundled with rolldown, then minified with
// terser. What the entry loads with `import()` (js/chunks.js, the
// placeholders) becomes a chunk of its own, `consentry-<module>.js`, which
// the entry imports by a relative path: plain <script type="module"> use
// fetches it next to the entry, and webpack 5 and Vite follow the `import()`
// into chunks of the site's bundle. The built-in languages but English
// (compiled into the wasm) are chunks too, `i18n/<lang>.js`. scripts/package.mjs builds
// pkg/consentry.js and the chunks with it; bench/floor.mjs measures the
// entry without the glue.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { transform } from 'lightningcss';
import { minify } from 'terser';
import { writeSayTable } from './say-table.mjs';

const at = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));

/**
 * The wasm-bindgen glue's developer warnings, shortened: ours say the same
 * in a sentence, and the one about deprecated init() parameters cannot
 * happen (start.js calls init() without any). 130 B gzip of the first
 * visit. A glue that no longer has them fails the build, to be looked at.
 */
const GLUE_TEXTS = [
  [
    /console\.warn\("`WebAssembly\.instantiateStreaming` failed because[^"]*",\s*e\);/,
    "console.warn('Consentry: serve .wasm files as application/wasm (the start is slower without it)', e);",
  ],
  [/console\.warn\('using deprecated parameters for the initialization function[^']*'\)/, 'void 0'],
];
function shortenGlue(code) {
  for (const [text, short] of GLUE_TEXTS) {
    if (!text.test(code)) throw new Error(`the wasm-bindgen glue changed: ${text} not found (scripts/entry.mjs)`);
    code = code.replace(text, short);
  }
  return code;
}

/**
 * The minified entry: `{ code, chunks }`, `chunks` being the files it loads
 * on demand, `[{ fileName, code }]`. `glue` is the module
 * `./consentry_core.js` (the wasm-bindgen glue) resolves to: a path, or
 * `{ code }` for a module given as text. `input`: another entry over the
 * same glue (the server's), `minified: false` to keep it readable.
 */
const PAGE_ENTRY = 'js/consentry.js';

export async function bundleEntry(glue, { input = PAGE_ENTRY, minified = true } = {}) {
  writeSayTable(); // js/say-table.js, which the diagnostics chunk bundles
  const bundle = await rolldown({
    input: at(input),
    logLevel: 'warn',
    plugins: [
      {
        name: 'consentry-glue',
        resolveId(source) {
          if (source === './consentry_core.js') return typeof glue === 'string' ? glue : '\0glue';
          // A TCF site's page part: its own file in pkg/, imported only when configured.
          if (source === './consentry-tcf.js') return { id: source, external: true };
          // A regions site's page part: its own file in pkg/, imported only when configured.
          if (source === './consentry-gpp.js') return { id: source, external: true };
          // The glue imports the js/ modules the wasm imports (errors, objects)
          // from wasm-bindgen's copies under snippets/: take the sources, so
          // that the entry's own imports of them are the same module.
          const snippet = /\/snippets\/[^/]+\/js\/([\w-]+\.js)$/.exec(source);
          return snippet ? at(`js/${snippet[1]}`) : null;
        },
        // The page's glue, with its warnings shortened (GLUE_TEXTS).
        load: (id) => (id === '\0glue' ? glue.code : id === glue && input === PAGE_ENTRY ? shortenGlue(readFileSync(id, 'utf8')) : null),
      },
      {
        // js/start.js imports `./i18n/<lang>.js`: data/i18n/<lang>.json's
        // text, compacted, as the module's default export. Each is a chunk
        // of its own (pkg/i18n/<lang>.js) that the entry loads with import()
        // when the language is chosen; bundlers keep each a chunk too.
        name: 'languages',
        resolveId(source) {
          const language = /^\.\/i18n\/([a-z]{2})\.js$/.exec(source);
          return language ? at(`data/i18n/${language[1]}.json`) : null;
        },
        load(id) {
          if (!id.endsWith('.json') || !id.startsWith(at('data/i18n/'))) return null;
          // `privacyChoices` (the opt-out UI's texts) ships in the GPP module (js/iab/gpp-page.js).
          const { privacyChoices, ...texts } = JSON.parse(readFileSync(id, 'utf8'));
          const text = JSON.stringify(texts);
          return { code: `export default ${JSON.stringify(text)};`, moduleType: 'js' };
        },
      },
      {
        name: 'css-as-text',
        load(id) {
          if (!id.endsWith('.css')) return null;
          // The browsers the dialog needs anyway (the page behind it is made
          // `inert`: Chrome 102, Firefox 112, Safari 15.5), so the source's
          // syntax stays as written: older targets made lightningcss emulate
          // the logical properties (inset-inline-*) with long :lang() selector
          // lists, 180 B gzip for browsers the dialog does not support.
          const targets = { chrome: 102 << 16, firefox: 112 << 16, safari: (15 << 16) | (5 << 8) };
          const { code } = transform({ filename: id, code: readFileSync(id), minify: true, targets });
          return { code: `export default ${JSON.stringify(code.toString())};`, moduleType: 'js' };
        },
      },
    ],
  });
  const { output } = await bundle.generate({
    format: 'es',
    chunkFileNames: (chunk) =>
      chunk.facadeModuleId && chunk.facadeModuleId.startsWith(at('data/i18n/')) ? 'i18n/[name].js' : 'consentry-[name].js',
  });
  await bundle.close();
  const files = [];
  for (const file of output) {
    if (file.type !== 'chunk') continue;
    const code = minified
      ? (await minify(file.code, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } })).code
      : file.code;
    files.push({ fileName: file.fileName, code, isEntry: file.isEntry, imports: file.imports });
  }
  const entry = files.find((f) => f.isEntry);
  // A chunk that imports the entry back, or that the entry imports statically,
  // would be fetched (or the entry evaluated twice) where the design says
  // "only when needed": the chunks take what they need as arguments instead.
  const chunks = files.filter((f) => !f.isEntry);
  for (const chunk of chunks) {
    if (chunk.imports.length || entry.imports.includes(chunk.fileName)) {
      throw new Error(`${chunk.fileName}: a chunk must import nothing and be loaded only by import() (${chunk.imports})`);
    }
  }
  return { code: entry.code, chunks: chunks.map(({ fileName, code }) => ({ fileName, code })) };
}
