// The IAB codec modules of pkg/ (after wasm-bindgen has written their glue):
//   pkg/consentry-tcf.js  js/iab/tcf.js + the glue of consentry_tcf_bg.wasm
//   pkg/consentry-gpp.js  js/iab/gpp.js + the glue of consentry_gpp_bg.wasm
// each bundled with rolldown and minified with terser, the glue's own files
// removed. Each finds its wasm next to itself through import.meta.url.
import { rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { minify } from 'terser';

const at = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));

export const MODULES = ['tcf', 'gpp'];

/** The minified module for `name`, its glue read from pkg/. */
export async function bundleModule(name) {
  const glue = `./consentry_${name}.js`;
  const bundle = await rolldown({
    input: at(`js/iab/${name}.js`),
    logLevel: 'warn',
    plugins: [{ name: 'consentry-glue', resolveId: (source) => (source === glue ? at(`pkg/consentry_${name}.js`) : null) }],
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  const { code } = await minify(output[0].code, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
  return code;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const name of MODULES) {
    await writeFile(at(`pkg/consentry-${name}.js`), (await bundleModule(name)) + '\n');
    for (const f of [`consentry_${name}.js`, `consentry_${name}.d.ts`, `consentry_${name}_bg.wasm.d.ts`]) await rm(at(`pkg/${f}`));
  }
  console.log(`pkg/: ${MODULES.map((n) => `consentry-${n}.js`).join(', ')}`);
}
