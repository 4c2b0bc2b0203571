// The npm package in real bundles: a tiny webpack 5 app and a tiny Vite app,
// each built here from a temporary project whose node_modules/consentry is
// the built pkg/, then opened in Chromium: the dialog shows and works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, symlink, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import webpack from 'webpack';
import { build as viteBuild } from 'vite';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

const PKG = fileURLToPath(new URL('../../pkg', import.meta.url));
const MAIN = `import consentry from 'consentry';
consentry.init({ categories: { necessary: { required: true }, analytics: {} } }).then(() => {
  document.body.dataset.started = 'yes';
});
window.app = consentry;
`;

let dir;
let browser;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'consentry-bundlers-'));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
});
after(async () => {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
});

/** A project directory with main.js, index.html and node_modules/consentry → pkg/. */
async function project(name, html) {
  const root = join(dir, name);
  await mkdir(join(root, 'node_modules'), { recursive: true });
  await symlink(PKG, join(root, 'node_modules', 'consentry'), 'dir');
  await writeFile(join(root, 'main.js'), MAIN);
  await writeFile(join(root, 'index.html'), html);
  return root;
}

/** Builds `root`/main.js with webpack 5 (production) into `out`; fails on a build error. */
async function webpackBuild(root, out) {
  const stats = await new Promise((ok, fail) =>
    webpack(
      { mode: 'production', context: root, entry: './main.js', output: { path: out, filename: 'main.js' } },
      (err, s) => (err ? fail(err) : ok(s)),
    ),
  );
  assert.equal(stats.hasErrors(), false, stats.toString('errors-only'));
  return stats;
}

/** Builds `root` with Vite into `out`: its output files and the entry chunk's name. */
async function viteOutput(root, out) {
  const result = await viteBuild({ root, logLevel: 'silent', configFile: false, build: { outDir: out } });
  const output = (Array.isArray(result) ? result[0] : result).output;
  return { files: output.map((o) => o.fileName), entry: output.find((o) => o.type === 'chunk' && o.isEntry).fileName };
}

/**
 * Serves `out` and opens it in a fresh context: `check({ page, offsite,
 * errors })` runs on the page (`offsite`: the aborted requests to other
 * hosts; `errors`: page errors); everything is closed afterwards.
 */
async function opened(out, check) {
  const server = await serve(out, 0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const context = await browser.newContext();
  const offsite = [];
  await context.route((url) => url.origin !== origin, (route) => (offsite.push(route.request().url()), route.abort()));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(`${origin}/`);
    await check({ page, offsite, errors });
  } finally {
    await context.close();
    await new Promise((ok) => server.close(ok));
  }
}

/** Serves `out`, opens it, and checks the dialog shows and Accept all works. */
function showsDialog(out) {
  return opened(out, async ({ page, offsite, errors }) => {
    await page.locator('#consentry-dialog [role="dialog"]').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Accept all' }).click();
    assert.equal(await page.evaluate(() => window.app.hasConsent('analytics')), true);
    assert.equal(await page.evaluate(() => document.body.dataset.started), 'yes');
    assert.deepEqual(errors, []);
    assert.deepEqual(offsite, []);
  });
}

test('a tiny webpack 5 app imports the package and shows the dialog', async () => {
  const root = await project(
    'webpack-app',
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>webpack app</title><script defer src="main.js"></script></head><body><h1>webpack app</h1></body></html>',
  );
  const out = join(root, 'dist');
  const stats = await webpackBuild(root, out);
  const assets = Object.keys(stats.compilation.assets);
  assert.ok(assets.some((a) => a.endsWith('.wasm')), `webpack emitted the wasm: ${assets}`);
  await writeFile(join(out, 'index.html'), (await import('node:fs')).readFileSync(join(root, 'index.html')));
  await showsDialog(out);
});

test('a tiny Vite app imports the package and shows the dialog', async () => {
  const root = await project(
    'vite-app',
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>vite app</title><script type="module" src="./main.js"></script></head><body><h1>vite app</h1></body></html>',
  );
  const out = join(root, 'dist');
  const { files } = await viteOutput(root, out);
  assert.ok(files.some((f) => f.endsWith('.wasm')), `Vite emitted the wasm: ${files}`);
  await showsDialog(out);
});

// The chunks a config needs (tag integrations, receipts) and the placeholder
// chunk, through both bundlers: split off the main bundle, fetched and run.
const CHUNKS_MAIN = `import consentry from 'consentry';
window.dataLayer = [];
consentry.init({
  categories: { necessary: { required: true }, analytics: {}, embeds: {} },
  googleConsentMode: true,
  consentLog: { endpoint: '/receipts' },
}).then(() => {
  document.body.dataset.started = 'yes';
});
window.app = consentry;
`;
const CHUNKS_HTML = (script) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>chunks</title>${script}</head><body>` +
  '<iframe title="Video" width="320" height="180" data-category="embeds" data-src="https://www.youtube-nocookie.com/embed/x"></iframe></body></html>';

/** The main bundle's text and every other script the bundler emitted, from `files` under `out`. */
async function scripts(out, files, main) {
  const { readFile } = await import('node:fs/promises');
  const text = (f) => readFile(join(out, f), 'utf8');
  const others = files.filter((f) => f.endsWith('.js') && f !== main);
  return { main: await text(main), others: await Promise.all(others.map(text)) };
}

/** Serves `out`: the placeholder is filled, Accept all pushes the Consent Mode update and queues a receipt. */
async function runsChunks(out) {
  const server = await serve(out, 0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const context = await browser.newContext();
  await context.route((url) => url.origin !== origin, (route) => route.abort());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(`${origin}/`);
    await page.getByRole('button', { name: 'Load once' }).waitFor();
    await page.getByRole('button', { name: 'Accept all' }).click();
    const update = await page.evaluate(() =>
      window.dataLayer.find((e) => Object.prototype.toString.call(e) === '[object Arguments]' && e[1] === 'update'),
    );
    assert.equal(update && update[2].analytics_storage, 'granted', 'the integrations chunk pushed the update');
    // The endpoint is not there (static server): the receipt waits in storage.
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('consentry:receipts') || '[]').length === 1);
    assert.equal(await page.evaluate(() => document.body.dataset.started), 'yes');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await new Promise((ok) => server.close(ok));
  }
}

const IN_CHUNKS = ['Consent Mode defaults pushed late', 'consentry:receipts', 'aria-describedby=m'];

test('webpack 5 splits the integrations, receipts and placeholder chunks off and loads them when needed', async () => {
  const root = await project('webpack-chunks', CHUNKS_HTML('<script defer src="main.js"></script>'));
  const { writeFile: write } = await import('node:fs/promises');
  await write(join(root, 'main.js'), CHUNKS_MAIN);
  const out = join(root, 'dist');
  const stats = await webpackBuild(root, out);
  const { main, others } = await scripts(out, Object.keys(stats.compilation.assets), 'main.js');
  for (const marker of IN_CHUNKS) {
    assert.ok(!main.includes(marker), `"${marker}" is not in the main bundle`);
    assert.equal(others.filter((code) => code.includes(marker)).length, 1, `"${marker}" is in one chunk`);
  }
  await write(join(out, 'index.html'), CHUNKS_HTML('<script defer src="main.js"></script>'));
  await runsChunks(out);
});

test('Vite splits the integrations, receipts and placeholder chunks off and loads them when needed', async () => {
  const root = await project('vite-chunks', CHUNKS_HTML('<script type="module" src="./main.js"></script>'));
  const { writeFile: write } = await import('node:fs/promises');
  await write(join(root, 'main.js'), CHUNKS_MAIN);
  const out = join(root, 'dist');
  const { files, entry } = await viteOutput(root, out);
  const { main, others } = await scripts(out, files, entry);
  for (const marker of IN_CHUNKS) {
    assert.ok(!main.includes(marker), `"${marker}" is not in the main bundle`);
    assert.equal(others.filter((code) => code.includes(marker)).length, 1, `"${marker}" is in one chunk`);
  }
  await runsChunks(out);
});

// consentry/vite and consentry/webpack: the stub (and the config) inlined
// first in <head> of the built page, so that a tracker the page injects
// before the bundle has even loaded is held: no request until consent.
const TRACKER_PAGE = (head) =>
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>plugin app</title>' + head + '</head><body><h1>plugin app</h1>' +
  // What the issue saw go out without the stub: a script injected by an inline script, and an image beacon.
  "<script>var s = document.createElement('script'); s.src = 'https://www.google-analytics.com/analytics.js'; document.head.appendChild(s);" +
  "var i = new Image(); i.onerror = function () { window.beaconFailed = true; }; i.src = 'https://www.facebook.com/tr?id=1&ev=PageView';</script>" +
  '</body></html>';
const PLUGIN_MAIN = `import consentry from 'consentry';
window.app = consentry; // started from the config tag the plugin put in <head>
`;
const PLUGIN_CONFIG = { categories: { necessary: { required: true }, analytics: {}, marketing: {} } };

/** The built page's <head> starts with the stub, then the config tag. */
async function stubFirst(file) {
  const { readFile } = await import('node:fs/promises');
  const html = await readFile(file, 'utf8');
  const stub = (await readFile(join(PKG, 'consentry-stub.js'), 'utf8')).trim();
  const head = /<head[^>]*>/.exec(html);
  assert.ok(head, html);
  // (Vite indents what it injects: white space between the tags is no content.)
  const rest = html.slice(head.index + head[0].length).trimStart();
  const tag = `<script>${stub}</script>`;
  assert.ok(rest.startsWith(tag), `the stub is the first thing in <head>: ${rest.slice(0, 120)}`);
  const next = rest.slice(tag.length).trimStart();
  assert.ok(next.startsWith('<script type="application/json" id="consentry-config">{"categories"'), `then the config tag: ${next.slice(0, 80)}`);
}

/** Serves `out`: the trackers stay held (0 requests) until the visitor rejects, then fail as blocked. */
function holdsTrackers(out) {
  return opened(out, async ({ page, offsite, errors }) => {
    await page.locator('#consentry-dialog [role="dialog"]').waitFor({ state: 'visible' });
    assert.deepEqual(offsite, [], 'nothing went out before a choice');
    await page.getByRole('button', { name: 'Reject all' }).click();
    // The held beacon fails once rejected: the signal that the hold ended.
    await page.waitForFunction(() => window.beaconFailed === true);
    assert.equal(await page.evaluate(() => window.app.hasConsent('analytics')), false);
    assert.deepEqual(offsite, [], 'nothing went out after Reject all');
    assert.deepEqual(errors, []);
  });
}

test('consentry/vite: the stub and the config first in <head>; an injected tracker is held (0 requests)', async () => {
  const { default: consentry } = await import(pathToFileURL(join(PKG, 'vite.js')).href);
  const root = await project('vite-plugin', TRACKER_PAGE('<script type="module" src="./main.js"></script>'));
  await writeFile(join(root, 'main.js'), PLUGIN_MAIN);
  const out = join(root, 'dist');
  await viteBuild({
    root,
    logLevel: 'silent',
    configFile: false,
    plugins: [consentry({ config: PLUGIN_CONFIG })],
    build: { outDir: out },
  });
  await stubFirst(join(out, 'index.html'));
  await holdsTrackers(out);
});

/** Builds `root` with webpack 5, `plugins` and the ConsentryPlugin; the page holds its trackers. */
async function webpackPluginBuild(root, plugins) {
  const require = createRequire(import.meta.url);
  const ConsentryPlugin = require(join(PKG, 'webpack.cjs'));
  assert.equal(ConsentryPlugin.ConsentryPlugin, ConsentryPlugin, 'also a named export');
  await writeFile(join(root, 'main.js'), PLUGIN_MAIN);
  const out = join(root, 'dist');
  const stats = await new Promise((ok, fail) =>
    webpack(
      {
        mode: 'production',
        context: root,
        entry: './main.js',
        output: { path: out, filename: 'main.js' },
        plugins: [...plugins, new ConsentryPlugin({ config: PLUGIN_CONFIG })],
      },
      (err, s) => (err ? fail(err) : ok(s)),
    ),
  );
  assert.equal(stats.hasErrors(), false, stats.toString('errors-only'));
  assert.equal(stats.hasWarnings(), false, stats.toString('errors-warnings'));
  await stubFirst(join(out, 'index.html'));
  await holdsTrackers(out);
}

test('consentry/webpack: the stub and the config first in <head> of a copied page; an injected tracker is held', async () => {
  const CopyPlugin = createRequire(import.meta.url)('copy-webpack-plugin');
  const root = await project('webpack-plugin', TRACKER_PAGE('<script defer src="main.js"></script>'));
  await webpackPluginBuild(root, [new CopyPlugin({ patterns: ['index.html'] })]);
});

test('consentry/webpack with html-webpack-plugin: the stub first, before the bundle it injects', async () => {
  const HtmlWebpackPlugin = createRequire(import.meta.url)('html-webpack-plugin');
  const root = await project('webpack-html-plugin', TRACKER_PAGE(''));
  await webpackPluginBuild(root, [new HtmlWebpackPlugin({ template: 'index.html', scriptLoading: 'defer' })]);
});

// The languages through both bundlers: each built-in language but English
// (compiled into the wasm) is a chunk of its own, none is in the main
// bundle, and a German page downloads the German one and no other.
const GERMAN_HTML = (script) =>
  `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>languages</title>${script}</head>` +
  '<body><h1>Sprachen</h1></body></html>';
/** Each language's "Accept all" (as the chunks hold it); a key only the language files have. */
const LANGUAGE_MARKS = Object.fromEntries(
  ['de', 'fr', 'es', 'it', 'nl', 'pl', 'pt', 'ro', 'uk', 'ar'].map((lang) => [
    lang,
    JSON.parse(readFileSync(join(PKG, '..', 'data', 'i18n', `${lang}.json`), 'utf8')).acceptAll,
  ]),
);
const TRANSLATION = 'preferencesDescriptionOptional';

/** Checks the emitted scripts: no translation in `main`, each language in exactly one other file. */
function languagesSplit(main, others, t, sizes) {
  assert.ok(!main.includes(TRANSLATION), 'no translation in the main bundle');
  assert.ok(!main.includes('data:application/json'), 'none inlined as a data: URL either');
  for (const [lang, accept] of Object.entries(LANGUAGE_MARKS)) {
    assert.ok(!main.includes(accept), `${lang} is not in the main bundle`);
    assert.equal(others.filter((code) => code.includes(accept)).length, 1, `${lang} is in one chunk`);
  }
  const german = others.find((code) => code.includes(LANGUAGE_MARKS.de));
  t.diagnostic(
    `${sizes}: main bundle ${main.length} B (${gzipSync(main, { level: 9 }).length} B gzip), ` +
      `German chunk ${german.length} B (${gzipSync(german, { level: 9 }).length} B gzip)`,
  );
}

/** Serves `out` for a German page: the dialog speaks German, one language file was downloaded. */
async function fetchesOneLanguage(out) {
  const server = await serve(out, 0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const context = await browser.newContext();
  await context.route((url) => url.origin !== origin, (route) => route.abort());
  const page = await context.newPage();
  const scriptsFetched = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scriptsFetched.push(r);
  });
  try {
    await page.goto(`${origin}/`);
    await page.getByRole('button', { name: 'Alle akzeptieren' }).waitFor();
    const bodies = await Promise.all(scriptsFetched.map((r) => r.text()));
    const languages = bodies.filter((body) => body.includes(TRANSLATION));
    assert.equal(languages.length, 1, `one language file among ${scriptsFetched.map((r) => r.url())}`);
    assert.ok(languages[0].includes(LANGUAGE_MARKS.de), 'the German one');
  } finally {
    await context.close();
    await new Promise((ok) => server.close(ok));
  }
}

test('webpack 5 keeps each language a chunk of its own; a German page fetches only the German one', async (t) => {
  const root = await project('webpack-languages', GERMAN_HTML('<script defer src="main.js"></script>'));
  const out = join(root, 'dist');
  const stats = await webpackBuild(root, out);
  const { main, others } = await scripts(out, Object.keys(stats.compilation.assets), 'main.js');
  languagesSplit(main, others, t, 'webpack 5');
  await writeFile(join(out, 'index.html'), GERMAN_HTML('<script defer src="main.js"></script>'));
  await fetchesOneLanguage(out);
});

test('Vite keeps each language a chunk of its own; a German page fetches only the German one', async (t) => {
  const root = await project('vite-languages', GERMAN_HTML('<script type="module" src="./main.js"></script>'));
  const out = join(root, 'dist');
  const { files, entry } = await viteOutput(root, out);
  const { main, others } = await scripts(out, files, entry);
  languagesSplit(main, others, t, 'Vite');
  await fetchesOneLanguage(out);
});
