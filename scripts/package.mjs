// Completes pkg/ after wasm-bindgen: the entry, the types, the minified
// stub, package.json and a README.
import { readFile, writeFile, copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import { bundleEntry } from './entry.mjs';
import { stubTable } from './trackers.mjs';
import { shipCli } from './package-cli.mjs';

const root = new URL('../', import.meta.url);
const at = (p) => new URL(p, root);
const rootPackage = JSON.parse(await readFile(at('package.json'), 'utf8'));

await copyFile(at('js/consentry.d.ts'), at('pkg/consentry.d.ts'));

// The ES-module entry: js/ (the API, the dialog, activation) and the
// wasm-bindgen glue bundled into one file, the stylesheets inlined as
// minified strings, then minified (scripts/entry.mjs). Script-tag users get
// this file as it is; bundlers follow its `new URL('…', import.meta.url)`
// to the wasm and the language files. The readable source stays in js/.
const entry = await bundleEntry(fileURLToPath(at('pkg/consentry_core.js')));
await writeFile(at('pkg/consentry.js'), entry + '\n');
// The glue is inside the entry now; its own files would only mislead. The
// CLI keeps a copy to load the core in Node (scripts/package-cli.mjs).
await shipCli(at('pkg/'));
for (const f of ['consentry_core.js', 'consentry_core.d.ts', 'consentry_core_bg.wasm.d.ts']) await rm(at(`pkg/${f}`));

// The stub gets the tracker table from data/trackers.json (the one source).
const stubSource = await readFile(at('js/stub.js'), 'utf8');
if (!stubSource.includes('__TRACKERS__')) throw new Error('js/stub.js: no __TRACKERS__ token for the tracker table');
const stub = await minify(stubSource.replaceAll('__TRACKERS__', await stubTable()), {
  ecma: 5,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false },
});
await writeFile(at('pkg/consentry-stub.js'), stub.code + '\n');

// The built-in languages but English (compiled in), fetched when chosen.
await mkdir(at('pkg/i18n'), { recursive: true });
for (const name of await readdir(at('data/i18n'))) {
  if (name.endsWith('.json') && name !== 'en.json') await copyFile(at(`data/i18n/${name}`), at(`pkg/i18n/${name}`));
}

const files = [
  'i18n/',
  'consentry.js',
  'consentry.d.ts',
  'consentry-stub.js',
  'consentry_core_bg.wasm',
  'README.md',
  'bin/',
  'cli/',
  'data/',
];
const pkg = {
  name: 'consentry',
  version: rootPackage.version,
  description: rootPackage.description,
  license: rootPackage.license,
  type: 'module',
  main: './consentry.js',
  module: './consentry.js',
  types: './consentry.d.ts',
  exports: {
    '.': { types: './consentry.d.ts', default: './consentry.js' },
    './stub': './consentry-stub.js',
    './consentry-stub.js': './consentry-stub.js',
    './package.json': './package.json',
  },
  files,
  // `npx consentry scan <url>` (bin/consentry.mjs); the browser it drives comes
  // from playwright-core, which only CLI users install.
  bin: { consentry: './bin/consentry.mjs' },
  peerDependencies: { 'playwright-core': '>=1.40.0' },
  peerDependenciesMeta: { 'playwright-core': { optional: true } },
  // consentry.js sets window.consentry and starts from the config tag.
  sideEffects: ['./consentry.js', './consentry-stub.js'],
};
await writeFile(at('pkg/package.json'), JSON.stringify(pkg, null, 2) + '\n');
await writeFile(
  at('pkg/README.md'),
  `# consentry\n\nCookie consent in Rust/WebAssembly. See the project README for the\nconfig and the API.\n\n\`\`\`js\nimport consentry from 'consentry';\nawait consentry.init({ categories: { necessary: { required: true }, analytics: {} } });\n\`\`\`\n\nPut \`consentry-stub.js\` first in \`<head>\` as a classic script.\n`,
);
console.log('pkg/ ready');
