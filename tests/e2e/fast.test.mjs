// The returning visitor's fast path (issue 14, docs/fast-path.md): after a
// choice the core leaves a note of it; on the next page the stub writes in
// consentry-fast.js, which checks the note against the page's cookie and
// config and, when it holds, runs the held scripts of the granted
// categories as the parser reaches them, before the core has loaded. The
// tests hold consentry.js back (its request is never answered), so what
// runs can only have run from the fast path; and every case where the note
// must not hold is tried the same way.
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

const CONFIG = { revision: 1, categories: { necessary: { required: true }, analytics: {}, marketing: {} } };
const LIB = '/fast/lib.js';
const LIB_JS = 'window.order = (window.order || []).concat("lib");';
// Held: an external library and the inline snippet after it (which must run
// after it), an analytics and a marketing one; an image the stub holds by
// its URL (a tracker's, marketing).
const HELD = `<script type="text/plain" data-category="analytics" src="${LIB}"></script>
<script type="text/plain" data-category="analytics">window.order = (window.order || []).concat("inline");</script>
<script type="text/plain" data-category="marketing">window.order = (window.order || []).concat("marketing");</script>`;
const html = (config) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fast</title><link rel="icon" href="data:,">
<script src="/consentry/consentry-stub.js" data-wasm="/consentry/consentry_core_bg.wasm"></script>
<script type="application/json" id="consentry-config">${JSON.stringify(config)}</script>
<script type="module" async src="/consentry/consentry.js"></script>
${HELD}
</head><body><h1>fast</h1></body></html>`;

/** A context whose first visit made a choice (`action`: accept or reject) on the page of `config`. */
async function afterChoice(action, config = CONFIG) {
  const opened = await env.page();
  const { context, page } = opened;
  await context.route(`${env.origin}${LIB}`, (route) => route.fulfill({ contentType: 'text/javascript', body: LIB_JS }));
  await servePage(context, env.origin, '/fast.html', html(config));
  await page.goto(`${env.origin}/fast.html`);
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  await page.locator(`${DIALOG} button[data-action="${action}"]`).click();
  await page.waitForFunction(() => localStorage.getItem('consentry') !== null);
  return opened;
}

/** Navigates again with consentry.js held back (never answered); resolves with the page's held-script trace once parsing is over. */
async function returnWithoutCore({ page, context }, config = CONFIG) {
  await servePage(context, env.origin, '/fast.html', html(config));
  await context.route(`${env.origin}/consentry/consentry.js`, () => {}); // never answered
  await page.goto(`${env.origin}/fast.html`, { waitUntil: 'domcontentloaded' });
  await settle(page);
  return page.evaluate(() => ({ order: window.order || [], core: !Array.isArray(window.consentry) }));
}

test('accepted before: the held scripts run in order on the next page before the core has loaded', async () => {
  const opened = await afterChoice('accept');
  const note = JSON.parse(await opened.page.evaluate(() => localStorage.getItem('consentry')));
  assert.deepEqual(note.g.sort(), ['analytics', 'marketing', 'necessary']);
  const seen = await returnWithoutCore(opened);
  assert.equal(seen.core, false, 'the core never loaded');
  assert.deepEqual(seen.order, ['lib', 'inline', 'marketing']);
  assert.deepEqual(opened.errors, []);
  await opened.context.close();
});

test('a stub that writes the fast path in leaves the wasm to the entry: nothing compiles it during parsing', async () => {
  const opened = await afterChoice('accept');
  const wasm = wasmRequests(opened.page);
  const seen = await returnWithoutCore(opened);
  assert.deepEqual(seen.order, ['lib', 'inline', 'marketing'], 'the fast path ran');
  assert.deepEqual(wasm, [], 'no wasm request before the entry runs (the stub has data-wasm)');
  await opened.context.close();
});

test('rejected before: nothing held runs from the fast path', async () => {
  const opened = await afterChoice('reject');
  const seen = await returnWithoutCore(opened);
  assert.equal(seen.core, false);
  assert.deepEqual(seen.order, []);
  await opened.context.close();
});

test('the note does not hold without the same cookie, config and GPC signal: nothing runs before the core', async () => {
  const cases = [
    ['the config changed', async () => ({ ...CONFIG, revision: 2 })],
    [
      'the consent cookie is gone',
      async ({ context }) => {
        await context.clearCookies();
        return CONFIG;
      },
    ],
    [
      'the consent cookie has another value',
      async ({ context }) => {
        const [cookie] = (await context.cookies()).filter((c) => c.name === 'consentry');
        await context.addCookies([{ ...cookie, value: cookie.value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }]);
        return CONFIG;
      },
    ],
    [
      'the GPC signal changed',
      async ({ context }) => {
        await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
        return CONFIG;
      },
    ],
    [
      'the note was edited',
      async ({ page }) => {
        await page.evaluate(() => {
          const note = JSON.parse(localStorage.getItem('consentry'));
          note.g = 'analytics';
          localStorage.setItem('consentry', JSON.stringify(note));
        });
        return CONFIG;
      },
    ],
  ];
  for (const [name, change] of cases) {
    const opened = await afterChoice('accept');
    const config = await change(opened);
    const seen = await returnWithoutCore(opened, config);
    assert.deepEqual(seen.order, [], name);
    await opened.context.close();
  }
});

test('with the core loading as usual, each held script runs once, and a reset removes the note', async () => {
  const opened = await afterChoice('accept');
  const { page } = opened;
  await page.goto(`${env.origin}/fast.html`);
  assert.equal(await coreOutcome(page), 'started');
  await settle(page);
  assert.deepEqual(await page.evaluate(() => window.order), ['lib', 'inline', 'marketing']);
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('analytics')), true);
  await page.evaluate(() => window.consentry.reset());
  await page.waitForFunction(() => localStorage.getItem('consentry') === null);
  assert.deepEqual(opened.errors, []);
  await opened.context.close();
});

test('each note pairs a cookie value with its own grants, also when the note chunk arrives after a later change', async () => {
  const { context, page, errors } = await env.page();
  await context.route(`${env.origin}${LIB}`, (route) => route.fulfill({ contentType: 'text/javascript', body: LIB_JS }));
  await servePage(context, env.origin, '/fast.html', html(CONFIG));
  // Every note written, with the cookie at that moment.
  await context.addInitScript(() => {
    const set = Storage.prototype.setItem;
    window.notes = [];
    Storage.prototype.setItem = function (key, value) {
      if (key === 'consentry') window.notes.push(JSON.parse(value));
      return set.apply(this, arguments);
    };
  });
  // The note chunk is held until both changes are made.
  let release;
  const held = new Promise((ok) => (release = ok));
  await context.route(`${env.origin}/consentry/consentry-note.js`, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${env.origin}/fast.html`);
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  const values = await page.evaluate(() => {
    const value = () => document.cookie.match(/(?:^|; )consentry=([^;]*)/)[1];
    window.consentry.acceptAll();
    const accepted = value();
    window.consentry.optOut(['analytics']);
    return { accepted, optedOut: value() };
  });
  assert.notEqual(values.accepted, values.optedOut);
  release();
  await page.waitForFunction(() => window.notes.length === 2);
  const notes = await page.evaluate(() => window.notes);
  assert.deepEqual(notes.map((n) => [n.v, n.g.includes('analytics')]), [
    [values.accepted, true],
    [values.optedOut, false],
  ]);
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * The next page with a marketing pixel as a server renders it for this
 * visitor (a plain <img>, loaded while the page is parsed), the core held
 * back until the pixel has loaded; resolves with the console's lines.
 */
async function withEarlyPixel({ context, page }) {
  const said = [];
  page.on('console', (m) => said.push(m.text()));
  // The developer messages are a chunk a correct page never fetches.
  said.chunk = false;
  page.on('request', (r) => r.url().endsWith('/consentry-diagnostics.js') && (said.chunk = true));
  await context.route('https://www.facebook.com/**', (route) => route.fulfill({ contentType: 'image/gif', body: Buffer.from('R0lGODlhAQABAAAAACw=', 'base64') }));
  const pixel = '<img src="https://www.facebook.com/tr?id=1" alt="" onload="window.pixelLoaded = true" onerror="window.pixelLoaded = true">';
  await servePage(context, env.origin, '/fast.html', html(CONFIG).replace('<h1>fast</h1>', `<h1>fast</h1>${pixel}`));
  let release;
  const held = new Promise((ok) => (release = ok));
  await context.route(`${env.origin}/consentry/consentry.js`, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${env.origin}/fast.html`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.pixelLoaded === true);
  release();
  assert.equal(await coreOutcome(page), 'started');
  await settle(page);
  return said;
}

test("a tracker of a category the stored choice grants, loaded before the core, is no developer mistake; one it denies is", async () => {
  const early = (line) => line.includes('loaded before consentry-stub.js ran');
  const accepted = await afterChoice('accept');
  const quiet = await withEarlyPixel(accepted);
  assert.equal(quiet.chunk, false, 'granted: loaded with consent, nothing to say');
  assert.deepEqual(quiet.filter(early), []);
  await accepted.context.close();
  const rejected = await afterChoice('reject');
  const said = await withEarlyPixel(rejected);
  // (The message comes with the diagnostics chunk: waited for, bounded.)
  if (!said.some(early)) await rejected.page.waitForEvent('console', { predicate: (m) => early(m.text()), timeout: 10_000 });
  assert.equal(said.filter(early).length, 1, 'denied: the console names it');
  await rejected.context.close();
});
