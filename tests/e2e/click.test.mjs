// The order of a page's first decision (issue 14): the markup's first held
// script goes first, and what the stub held (scripts and pixels the page's
// snippets injected before the choice) follows once that script has loaded,
// or FIRST_SCRIPT_MS (js/activate.js) later if it has not; a decision made
// meanwhile (a withdrawal) is the one the stub is told. Requests are seen
// at the test's routes, so the order is the network's, not a timer's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIALOG, servePage, fakeTrackers } from './harness.mjs';
import { settle } from './signals.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

const CONFIG = { revision: 1, categories: { necessary: { required: true }, analytics: {}, marketing: {} } };
const LIB = '/click/lib.js';
// A snippet as vendors publish it: it injects its tag (held by the stub,
// marketing: connect.facebook.net) while the page is parsed.
const SNIPPET = `<script>
  var s = document.createElement('script');
  s.async = true;
  s.onerror = function () { window.pixelFailed = true; }; // as a blocked request fails
  s.src = 'https://connect.facebook.net/en_US/fbevents.js';
  document.head.appendChild(s);
</script>`;
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>click</title><link rel="icon" href="data:,">
<script src="/consentry/consentry-stub.js"></script>
<script type="application/json" id="consentry-config">${JSON.stringify(CONFIG)}</script>
<script type="module" src="/consentry/consentry.js"></script>
${SNIPPET}
</head><body><h1>click</h1>
<script type="text/plain" data-category="analytics" src="${LIB}"></script>
<script type="text/plain" data-category="analytics">window.order = (window.order || []).concat('inline');</script>
</body></html>`;
const PIXEL = { match: (u) => u.hostname === 'connect.facebook.net', category: 'marketing', body: "window.order = (window.order || []).concat('pixel');" };

/** The page with its first layer shown; `answerLib(route)` answers the held library. */
async function firstVisit(answerLib) {
  const opened = await env.page();
  const { context, page } = opened;
  const lib = { trackersBefore: null }; // tracker requests the routes had seen when the library was requested
  await servePage(context, env.origin, '/click.html', PAGE);
  await context.route(`${env.origin}${LIB}`, (route) => {
    lib.trackersBefore = requests.length;
    return answerLib(route);
  });
  const requests = await fakeTrackers(context, env.origin, [PIXEL]);
  await page.goto(`${env.origin}/click.html`);
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  return { ...opened, lib, requests };
}

const LIB_JS = "window.order = (window.order || []).concat('lib');";

test('Accept all: the held library first, the stub-held pixel once it has loaded; the page is given back', async () => {
  const { context, page, errors, lib, requests } = await firstVisit((route) => route.fulfill({ contentType: 'text/javascript', body: LIB_JS }));
  assert.equal(requests.length, 0, 'nothing of a tracker before the choice');
  await page.locator(`${DIALOG} button[data-action="accept"]`).click();
  await requests.next((r) => r.host === 'connect.facebook.net');
  await page.waitForFunction(() => (window.order || []).length === 3);
  assert.equal(lib.trackersBefore, 0, 'the library was requested before the pixel');
  assert.deepEqual(await page.evaluate(() => window.order), ['lib', 'inline', 'pixel']);
  // The page's inertness goes in a task of its own, soon after.
  await page.waitForFunction(() => document.querySelectorAll('[inert]').length === 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a held library that does not load does not hold the stub's releases back", async () => {
  let answer;
  const answered = new Promise((ok) => (answer = ok));
  // The library is answered only once the pixel was requested: without the
  // bound the pixel would wait for it, and this test for ever.
  const { context, page, errors, requests } = await firstVisit(async (route) => {
    await answered;
    await route.fulfill({ contentType: 'text/javascript', body: LIB_JS });
  });
  await page.locator(`${DIALOG} button[data-action="accept"]`).click();
  await requests.next((r) => r.host === 'connect.facebook.net');
  answer();
  await page.waitForFunction(() => (window.order || []).length === 3);
  // (The pixel is async: it may run before or after the library now.)
  const order = await page.evaluate(() => window.order);
  assert.deepEqual([...order].sort(), ['inline', 'lib', 'pixel']);
  assert.ok(order.indexOf('lib') < order.indexOf('inline'), 'the inline snippet after its library');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a withdrawal made before the stub was told is the decision the stub gets', async () => {
  const { context, page, errors, requests } = await firstVisit((route) => route.fulfill({ contentType: 'text/javascript', body: LIB_JS }));
  // In one task: everything granted, then marketing withdrawn, before the
  // library (the stub's cue) can have loaded.
  await page.evaluate(() => {
    window.consentry.acceptAll();
    window.consentry.optOut(['marketing']);
  });
  // The stub, told the withdrawal, fails the pixel it held.
  await page.waitForFunction(() => window.pixelFailed === true && (window.order || []).includes('inline'));
  await settle(page);
  assert.deepEqual(requests.map((r) => r.host), [], 'the withdrawn marketing pixel was never requested');
  assert.deepEqual(await page.evaluate(() => window.order), ['lib', 'inline']);
  assert.deepEqual(errors, []);
  await context.close();
});
