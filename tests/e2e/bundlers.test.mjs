// The npm package in real bundles: a tiny webpack 5 app and a tiny Vite app,
// each built here from a temporary project whose node_modules/consentry is
// the built pkg/, then opened in Chromium: the dialog shows and works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, symlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** Serves `out`, opens it, and checks the dialog shows and Accept all works. */
async function showsDialog(out) {
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
    await page.locator('#consentry-dialog [role="dialog"]').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Accept all' }).click();
    assert.equal(await page.evaluate(() => window.app.hasConsent('analytics')), true);
    assert.equal(await page.evaluate(() => document.body.dataset.started), 'yes');
    assert.deepEqual(errors, []);
    assert.deepEqual(offsite, []);
  } finally {
    await context.close();
    await new Promise((ok) => server.close(ok));
  }
}

test('a tiny webpack 5 app imports the package and shows the dialog', async () => {
  const root = await project(
    'webpack-app',
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>webpack app</title><script defer src="main.js"></script></head><body><h1>webpack app</h1></body></html>',
  );
  const out = join(root, 'dist');
  const stats = await new Promise((ok, fail) =>
    webpack(
      { mode: 'production', context: root, entry: './main.js', output: { path: out, filename: 'main.js' } },
      (err, s) => (err ? fail(err) : ok(s)),
    ),
  );
  assert.equal(stats.hasErrors(), false, stats.toString('errors-only'));
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
  const result = await viteBuild({ root, logLevel: 'silent', configFile: false, build: { outDir: out } });
  const files = (Array.isArray(result) ? result[0] : result).output.map((o) => o.fileName);
  assert.ok(files.some((f) => f.endsWith('.wasm')), `Vite emitted the wasm: ${files}`);
  await showsDialog(out);
});
