// The core arrives early (issue 14): the stub compiles the wasm named by its
// data-wasm attribute while the page is parsed and the entry takes that
// Module; the entry is an async module that may start before the parser has
// finished (or even reached the config tag). What a visitor and a tag must
// still see: the dialog, held markup parsed after the start activated in
// order, the page parsed after the dialog made inert, and a clean fallback
// whenever the early compile cannot be used.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIALOG, servePage, wasmRequests } from './harness.mjs';
import { coreOutcome, settle } from './signals.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

const CONFIG = JSON.stringify({ revision: 1, categories: { necessary: { required: true }, analytics: {} } });
const WASM = '/consentry/consentry_core_bg.wasm';
const STUB = (wasm = WASM) => `<script src="/consentry/consentry-stub.js"${wasm === null ? '' : ` data-wasm="${wasm}"`}></script>`;
const CONFIG_TAG = `<script type="application/json" id="consentry-config">${CONFIG}</script>`;
const MODULE = '<script type="module" async src="/consentry/consentry.js"></script>';

const html = (head, body = '<h1>early</h1>') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>early</title><link rel="icon" href="data:,">${head}</head><body>${body}</body></html>`;

/**
 * Holds the parser at `path` (a classic script) until `until(page)`
 * resolves: what the test wants to have happened during parsing has then
 * happened, on any machine.
 */
async function parserGate(context, page, path, until) {
  await context.route(`${env.origin}${path}`, async (route) => {
    await until(page);
    await route.fulfill({ status: 200, contentType: 'text/javascript', body: 'window.gatePassed = true;' });
  });
}

test('the stub compiles the wasm once in <head> and the entry uses that Module: one wasm request, the dialog shows', async () => {
  const { context, page, errors } = await env.page();
  const wasm = wasmRequests(page);
  await context.addInitScript(() => {
    window.compiles = 0;
    const compile = WebAssembly.compileStreaming;
    WebAssembly.compileStreaming = function () {
      window.compiles++;
      return compile.apply(WebAssembly, arguments);
    };
  });
  await servePage(context, env.origin, '/early.html', html(STUB() + CONFIG_TAG + MODULE));
  await page.goto(`${env.origin}/early.html`);
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  await settle(page);
  assert.deepEqual(wasm, [WASM], 'the stub fetched it; the entry did not fetch it again');
  assert.equal(await page.evaluate(() => window.compiles), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

const FALLBACKS = [
  {
    name: 'no WebAssembly.compileStreaming',
    setUp: (context) => context.addInitScript(() => delete WebAssembly.compileStreaming),
    // The stub's fetch is made before the missing function is called; the
    // entry then compiles from the bytes of its own.
    wasm: [WASM, WASM],
  },
  {
    name: 'the wasm served as text/plain (compileStreaming rejects)',
    setUp: (context) =>
      context.route(`${env.origin}${WASM}`, async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'text/plain' } });
      }),
    wasm: [WASM, WASM, WASM], // the stub's, the entry's streamed try, then its bytes
  },
  { name: 'a stub tag without data-wasm', attr: null, wasm: [WASM] },
  {
    name: "data-wasm naming another URL than the entry's wasm (a bundler's copy)",
    attr: `${WASM}?copy`,
    wasm: [`${WASM}?copy`, WASM], // compiled by the stub, not taken: the entry compiles its own
  },
];

for (const { name, setUp, attr = WASM, wasm: expected } of FALLBACKS) {
  test(`fallback, ${name}: the entry compiles the wasm itself and the dialog shows`, async () => {
    const { context, page, errors } = await env.page();
    const wasm = wasmRequests(page);
    if (setUp) await setUp(context);
    await servePage(context, env.origin, '/fallback.html', html(STUB(attr) + CONFIG_TAG + MODULE));
    await page.goto(`${env.origin}/fallback.html`);
    await page.locator(DIALOG).waitFor({ state: 'visible' });
    await settle(page);
    assert.deepEqual(wasm, expected);
    assert.equal(await page.evaluate(() => window.consentry.getConsent()), null);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('an async module that runs before the parser reaches the config tag starts from it once the document is parsed', async () => {
  const { context, page, errors } = await env.page();
  // Whether the config tag existed when the module replaced the stub's queue.
  await context.addInitScript(() => {
    let value;
    Object.defineProperty(window, 'consentry', {
      configurable: true,
      get: () => value,
      set: (v) => {
        if (v && !Array.isArray(v)) window.configTagAtModule = !!document.getElementById('consentry-config');
        value = v;
      },
    });
  });
  // The parser waits at /gate.js until the module has run.
  // (Polled on a timer: no frame is rendered while the parser waits in <head>.)
  await parserGate(context, page, '/gate.js', (p) => p.waitForFunction(() => window.configTagAtModule !== undefined, null, { polling: 50 }));
  await servePage(context, env.origin, '/late-config.html', html(STUB() + MODULE + '<script src="/gate.js"></script>' + CONFIG_TAG));
  await page.goto(`${env.origin}/late-config.html`);
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => window.configTagAtModule), false, 'the module ran before the config tag was parsed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a start during parsing: held markup the parser adds later runs in document order, an inline snippet after its library; the dialog makes the late page inert', async () => {
  const { context, page, errors } = await env.page();
  // The held library loads slowly: the snippet after it must wait for it.
  await context.route(`${env.origin}/held-lib.js`, async (route) => {
    await new Promise((ok) => setTimeout(ok, 300));
    await route.fulfill({ status: 200, contentType: 'text/javascript', body: "window.order.push('library');" });
  });
  const head = `<script>window.order = [];</script>${STUB()}${CONFIG_TAG}${MODULE}`;
  const body = `<h1>early</h1><script src="/gate.js"></script>
    <main id="late"><p>parsed after the start</p></main>
    <script type="text/plain" data-category="analytics" data-src="/held-lib.js"></script>
    <script type="text/plain" data-category="analytics">window.order.push(window.order.includes('library') ? 'snippet after the library' : 'snippet first');</script>`;

  // First visit: the parser waits at /gate.js until the dialog is shown.
  await parserGate(context, page, '/gate.js', (p) => p.locator(DIALOG).waitFor({ state: 'visible' }));
  await servePage(context, env.origin, '/during.html', html(head, body));
  await page.goto(`${env.origin}/during.html`);
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  await page.waitForFunction(() => window.gatePassed && document.readyState !== 'loading');
  await settle(page);
  assert.equal(await page.evaluate(() => document.getElementById('late').inert), true, 'the page parsed after the dialog is inert');
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => window.order.length === 2);
  assert.equal(await page.evaluate(() => document.getElementById('late').inert), false, 'nothing stays inert');

  // Returning visit: the parser waits at /gate.js until the core has
  // started (the queue ran), so the held pair is parsed after the start.
  await context.unroute(`${env.origin}/gate.js`);
  await context.addInitScript(() => {
    window.consentry = window.consentry || [];
    window.consentry.push(() => {
      window.startedAt = document.readyState;
    });
  });
  await parserGate(context, page, '/gate.js', (p) => p.waitForFunction(() => window.startedAt !== undefined, null, { polling: 50 }));
  await page.reload();
  await page.waitForFunction(() => window.order.length === 2);
  await settle(page);
  assert.equal(await page.evaluate(() => window.startedAt), 'loading', 'the core started while the page was parsed');
  assert.deepEqual(await page.evaluate(() => window.order), ['library', 'snippet after the library']);
  assert.equal(await page.locator(DIALOG).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the wasm missing (404): the start fails closed with a message that names the file and the status', async () => {
  const { context, page, errors } = await env.page();
  await context.route(`${env.origin}${WASM}`, (route) => route.fulfill({ status: 404, body: 'not here' }));
  await servePage(context, env.origin, '/missing.html', html(STUB() + CONFIG_TAG + MODULE));
  await page.goto(`${env.origin}/missing.html`);
  const outcome = await coreOutcome(page);
  assert.match(outcome, /consentry_core_bg\.wasm\) answered HTTP 404/);
  assert.equal(await page.locator('#consentry-dialog').count(), 0, 'no dialog');
  assert.ok(errors.some((e) => /answered HTTP 404/.test(e)), `one clear console error: ${JSON.stringify(errors)}`);
  await context.close();
});
