// Completes pkg/ after wasm-bindgen: the entry, the types, the minified
// stub, package.json and a README.
import { readFile, writeFile, copyFile, cp, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import { bundleEntry } from './entry.mjs';
import { stubTable } from './trackers.mjs';

const root = new URL('../', import.meta.url);
const at = (p) => new URL(p, root);
const rootPackage = JSON.parse(await readFile(at('package.json'), 'utf8'));

await copyFile(at('js/consentry.d.ts'), at('pkg/consentry.d.ts'));

// The ES-module entry: js/ (the API, the dialog, activation) and the
// wasm-bindgen glue bundled into one file, the stylesheets inlined as
// minified strings, then minified (scripts/entry.mjs); beside it the chunks
// it loads only when needed (pkg/consentry-<name>.js). Script-tag users get
// these files as they are; bundlers follow the entry's
// `new URL('…', import.meta.url)` to the wasm, and its `import()` to the
// chunks (the languages among them, pkg/i18n/<lang>.js). The readable source stays in js/.
const entry = await bundleEntry(fileURLToPath(at('pkg/consentry_core.js')));
await writeFile(at('pkg/consentry.js'), entry.code + '\n');
await mkdir(at('pkg/i18n'), { recursive: true });
for (const chunk of entry.chunks) await writeFile(at(`pkg/${chunk.fileName}`), chunk.code + '\n');
// consentry/server: server-edge.js is js/server-edge.js bundled with the
// glue of the server's wasm (scripts/build.sh), readable for server stack
// traces; server.js (Node) loads that wasm at import. The framework
// adapters are plain ES modules over react/vue (peer dependencies) for the
// site's bundler.
const serverGlue = fileURLToPath(at('target/server-glue/consentry_server.js'));
await writeFile(
  at('pkg/server-edge.js'),
  (await bundleEntry(serverGlue, { input: 'js/server-edge.js', minified: false })).code + '\n',
);
const FRAMEWORK_FILES = ['server.js', 'react.js', 'vue.js', 'consent-store.js', 'grants.js'];
// consentry/vite and consentry/webpack: build-time plugins (Node) that inline
// the stub first in <head> (js/head-scripts.cjs reads it next to them).
const BUNDLER_FILES = ['vite.js', 'webpack.cjs', 'head-scripts.cjs'];
const TYPE_FILES = ['server.d.ts', 'react.d.ts', 'vue.d.ts', 'vite.d.ts', 'webpack.d.ts', 'bundlers.d.ts', 'services.d.ts'];
for (const f of [...FRAMEWORK_FILES, ...BUNDLER_FILES, ...TYPE_FILES]) await copyFile(at(`js/${f}`), at(`pkg/${f}`));

// The glue is inside the entry now; its own files would only mislead. The
// CLI keeps a copy to load the core in Node, and its data (scripts/package-cli.mjs).
// Imported here: the scanner checks its catalogue with consentry/server,
// which the lines above have just put in pkg/.
const { shipCli } = await import('./package-cli.mjs');
await shipCli(at('pkg/'));
for (const f of ['consentry_core.js', 'consentry_core.d.ts', 'consentry_core_bg.wasm.d.ts']) await rm(at(`pkg/${f}`));
await rm(at('pkg/snippets'), { recursive: true, force: true });

// The stub gets the tracker table from data/trackers.json (the one source),
// as a string literal of its JSON text (the stub hands that text to the core).
const stubSource = await readFile(at('js/stub.js'), 'utf8');
if (!stubSource.includes('__TRACKERS__')) throw new Error('js/stub.js: no __TRACKERS__ token for the tracker table');
/** A classic ES5 script for `<head>`, minified. */
const minifyClassic = async (source) =>
  (await minify(source, { ecma: 5, compress: { passes: 2 }, mangle: true, format: { comments: false } })).code + '\n';
await writeFile(
  at('pkg/consentry-stub.js'),
  await minifyClassic(stubSource.replaceAll('__TRACKERS__', JSON.stringify(await stubTable()))),
);
// The returning visitor's fast path, loaded by the stub when there is a note (docs/fast-path.md).
await writeFile(at('pkg/consentry-fast.js'), await minifyClassic(await readFile(at('js/fast.js'), 'utf8')));
// Consent Mode defaults: their own script, for the sites that use Consent Mode.
await writeFile(at('pkg/consentry-consent-mode.js'), await minifyClassic(await readFile(at('js/consent-mode.js'), 'utf8')));
// A TCF site's second stub (__tcfapi, its locator and postMessage), right after the first.
// The IAB stubs' frame interface (locator and postMessage), one text put
// into each of them (js/iab/frame-api.js).
const frameApi = await readFile(at('js/iab/frame-api.js'), 'utf8');
const iabStub = async (file) => {
  const source = await readFile(at(file), 'utf8');
  if (!source.includes('__FRAME_API__')) throw new Error(`${file}: no __FRAME_API__ token for js/iab/frame-api.js`);
  return minifyClassic(source.replace('__FRAME_API__', frameApi));
};
await writeFile(at('pkg/consentry-tcf-stub.js'), await iabStub('js/tcf-stub.js'));
// A regions or GPP site's second stub (__gpp, its locator and postMessage), right after the first.
await writeFile(at('pkg/consentry-gpp-stub.js'), await iabStub('js/gpp-stub.js'));


// The CLI (`npx consentry <command>`): the dispatcher and its commands.
await cp(at('bin'), at('pkg/bin'), { recursive: true });
await cp(at('cli'), at('pkg/cli'), { recursive: true });

const files = [
  'i18n/',
  'bin/',
  'cli/',
  'consentry.js',
  ...entry.chunks.map((chunk) => chunk.fileName).filter((name) => !name.startsWith('i18n/')),
  'consentry.d.ts',
  'consentry-stub.js',
  'consentry-fast.js',
  'consentry-consent-mode.js',
  'consentry-tcf-stub.js',
  'consentry-gpp-stub.js',
  'consentry_core_bg.wasm',
  // The IAB codecs (scripts/modules.mjs), fetched only when configured.
  'consentry-tcf.js',
  'consentry_tcf_bg.wasm',
  'consentry-gpp.js',
  'consentry_gpp_bg.wasm',
  'consentry_server_bg.wasm',
  'server-edge.js',
  ...FRAMEWORK_FILES,
  ...BUNDLER_FILES,
  ...TYPE_FILES,
  'README.md',
  // consentry scan's cookie database and services catalogue (scripts/package-cli.mjs).
  'data/',
];
const pkg = {
  name: 'consentry',
  version: rootPackage.version,
  description: rootPackage.description,
  license: rootPackage.license,
  // Where the package comes from (root package.json): shown by npm and the registry.
  ...(rootPackage.repository && { repository: rootPackage.repository }),
  ...(rootPackage.homepage && { homepage: rootPackage.homepage }),
  ...(rootPackage.bugs && { bugs: rootPackage.bugs }),
  keywords: rootPackage.keywords,
  type: 'module',
  main: './consentry.js',
  module: './consentry.js',
  types: './consentry.d.ts',
  exports: {
    '.': { types: './consentry.d.ts', default: './consentry.js' },
    './stub': './consentry-stub.js',
    './consentry-stub.js': './consentry-stub.js',
    './consent-mode': './consentry-consent-mode.js',
    './consentry-consent-mode.js': './consentry-consent-mode.js',
    './tcf-stub': './consentry-tcf-stub.js',
    './consentry-tcf-stub.js': './consentry-tcf-stub.js',
    './gpp-stub': './consentry-gpp-stub.js',
    './consentry-gpp-stub.js': './consentry-gpp-stub.js',
    './tcf': './consentry-tcf.js',
    './gpp': './consentry-gpp.js',
    // Node (and Deno, Bun) load the core at import; edge runtimes and
    // workers call loadCore() first.
    './server': {
      types: './server.d.ts',
      'edge-light': './server-edge.js',
      workerd: './server-edge.js',
      worker: './server-edge.js',
      node: './server.js',
      default: './server-edge.js',
    },
    './server-edge': { types: './server.d.ts', default: './server-edge.js' },
    './react': { types: './react.d.ts', default: './react.js' },
    './vue': { types: './vue.d.ts', default: './vue.js' },
    './vite': { types: './vite.d.ts', default: './vite.js' },
    './webpack': { types: './webpack.d.ts', default: './webpack.cjs' },
    // The known-services catalogue and its expansion, for build scripts (Node).
    './services': { types: './services.d.ts', default: './cli/services.mjs' },
    './consentry_server_bg.wasm': './consentry_server_bg.wasm',
    './package.json': './package.json',
  },
  bin: { consentry: './bin/consentry.mjs' },
  files,
  // playwright-core drives the browser of `consentry scan`: only those who scan install it.
  peerDependencies: { react: '>=18', vue: '>=3.3', 'playwright-core': '>=1.40.0' },
  peerDependenciesMeta: { react: { optional: true }, vue: { optional: true }, 'playwright-core': { optional: true } },
  // consentry.js sets window.consentry and starts from the config tag;
  // server.js loads the core at import.
  sideEffects: ['./consentry.js', './consentry-stub.js', './consentry-fast.js', './consentry-consent-mode.js', './consentry-tcf-stub.js', './consentry-gpp-stub.js', './server.js'],
};
await writeFile(at('pkg/package.json'), JSON.stringify(pkg, null, 2) + '\n');
// A README of its own (scripts/package-readme.md): what a user of the
// package needs without the repository, and the link to it.
const repository = rootPackage.homepage || (rootPackage.repository && rootPackage.repository.url);
if (!repository) console.warn('package.json has no homepage or repository: pkg/README.md links to none');
await writeFile(
  at('pkg/README.md'),
  (await readFile(at('scripts/package-readme.md'), 'utf8'))
    .replace('{{repository}}', repository ? repository.replace(/^git\+/, '').replace(/\.git$/, '') : 'the project repository')
    .replace('{{version}}', rootPackage.version),
);
console.log('pkg/ ready');
