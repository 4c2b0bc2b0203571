// The ES-module entry as the build makes it: js/consentry.js and what it
// imports (the dialog, activation, the stylesheets inlined as minified
// strings with lightningcss) bundled with rolldown, then minified with
// terser. scripts/package.mjs builds pkg/consentry.js with it;
// bench/floor.mjs measures it without the glue.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { transform } from 'lightningcss';
import { minify } from 'terser';

const at = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));

/**
 * The minified entry code. `glue` is the module `./consentry_core.js`
 * (the wasm-bindgen glue) resolves to: a path, or `{ code }` for a module
 * given as text. `input`: another entry over the same glue (the server's),
 * `minified: false` to keep it readable.
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
          // A TCF site's page part: its own file in pkg/, imported only when configured.
          if (source === './consentry-tcf.js') return { id: source, external: true };
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
          // Targets keep the syntax the source uses (no media-range rewriting).
          const targets = { chrome: 90 << 16, firefox: 90 << 16, safari: 14 << 16 };
          const { code } = transform({ filename: id, code: readFileSync(id), minify: true, targets });
          return { code: `export default ${JSON.stringify(code.toString())};`, moduleType: 'js' };
        },
      },
    ],
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  if (!minified) return output[0].code;
  const entry = await minify(output[0].code, {
    module: true,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  return entry.code;
}
