// The ES-module entry as the build makes it: js/consentry.js and what it
// imports (the dialog, activation, the stylesheets inlined as minified
// strings with lightningcss) bundled with rolldown, then minified with
// terser. What the entry loads with `import()` (js/chunks.js, the
// placeholders) becomes a chunk of its own, `consentry-<module>.js`, which
// the entry imports by a relative path: plain <script type="module"> use
// fetches it next to the entry, and webpack 5 and Vite follow the `import()`
// into chunks of the site's bundle. scripts/package.mjs builds
// pkg/consentry.js and the chunks with it; bench/floor.mjs measures the
// entry without the glue.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { transform } from 'lightningcss';
import { minify } from 'terser';

const at = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));

/**
 * The minified entry: `{ code, chunks }`, `chunks` being the files it loads
 * on demand, `[{ fileName, code }]`. `glue` is the module
 * `./consentry_core.js` (the wasm-bindgen glue) resolves to: a path, or
 * `{ code }` for a module given as text. `input`: another entry over the
 * same glue (the server's), `minified: false` to keep it readable.
 */
export async function bundleEntry(glue, { input = 'js/consentry.js', minified = true } = {}) {
  const bundle = await rolldown({
    input: at(input),
    logLevel: 'warn',
    plugins: [
      {
        name: 'consentry-glue',
        resolveId(source) {
          if (source === './consentry_core.js') return typeof glue === 'string' ? glue : '\0glue';
          // A regions site's page part: its own file in pkg/, imported only when configured.
          if (source === './consentry-gpp.js') return { id: source, external: true };
          // The glue imports the js/ modules the wasm imports (errors, objects)
          // from wasm-bindgen's copies under snippets/: take the sources, so
          // that the entry's own imports of them are the same module.
          const snippet = /\/snippets\/[^/]+\/js\/([\w-]+\.js)$/.exec(source);
          return snippet ? at(`js/${snippet[1]}`) : null;
        },
        load: (id) => (id === '\0glue' ? glue.code : null),
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
  const { output } = await bundle.generate({ format: 'es', chunkFileNames: 'consentry-[name].js' });
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
