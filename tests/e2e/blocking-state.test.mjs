// The stub's state follows the choice, and what it holds settles: reset()
// and a reset in another tab hold again (the integrations hear it); the
// config's blocking reaches the stub on every start path (JSON tag or
// init(config)), with blocking.unknown as the strict mode; page code can
// neither claim the stub's interface nor mark elements through it; and with
// the core unreachable every waiter fails (at once when the core reports
// its failure, after the stub's own 15 s when consentry.js never arrives).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIALOG, scriptTagPage, servePage } from './harness.mjs';
import { fakeThirdParties, trackers } from './blocking-fixtures.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

const CATEGORIES = { necessary: { required: true }, analytics: {}, marketing: {} };
const CONFIG = { categories: CATEGORIES };

/** Page code that tries trackers now: a pixel and a beacon (marketing, analytics). */
const TRY = (tag) => `(function () {
  new Image().src = 'https://www.facebook.com/tr?try=${tag}';
  return navigator.sendBeacon('https://region1.google-analytics.com/g/collect?try=${tag}', 'x');
})()`;

/** A page with `config` in the tag (another tab of `existing`, if given); resolves when the core has started. */
async function open(config, head = '', existing) {
  const opened = existing ? { context: existing.context, page: await existing.context.newPage() } : await env.page();
  const seen = existing ? existing.seen : await fakeThirdParties(opened.context, env.origin);
  if (!existing) await servePage(opened.context, env.origin, '/state.html', scriptTagPage(JSON.stringify(config), head));
  await opened.page.goto(`${env.origin}/state.html`);
  await opened.page.evaluate(() => new Promise((ok) => window.consentry.push(() => ok(true))));
  return { ...opened, seen };
}

/** Waits for what a bounded settle can show: the request it would make is visible by then. */
const settle = (page) => page.waitForTimeout(300);

test('reset(): trackers granted a moment ago make 0 requests until the next choice; the integrations hear denied', async () => {
  const tags = `<script>window.fbqCalls = [];
    window.fbq = function () { fbqCalls.push([].slice.call(arguments).join(':')); };</script>`;
  const config = { ...CONFIG, googleConsentMode: true, metaPixel: 'marketing', microsoftUet: 'marketing' };
  const { context, page, seen } = await open(config, tags);
  await page.evaluate(() => window.consentry.acceptAll());
  assert.equal(await page.evaluate(TRY('granted')), true);
  await seen.next((r) => r.url.includes('try=granted') && r.host === 'www.facebook.com');
  await seen.next((r) => r.url.includes('try=granted') && r.host === 'region1.google-analytics.com');

  await page.evaluate(() => window.consentry.reset());
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(TRY('after-reset')), true, 'held (queued), not sent');
  await settle(page);
  assert.deepEqual(trackers(seen).filter((u) => u.includes('after-reset')), []);
  const heard = await page.evaluate(() => ({
    gcm: window.dataLayer
      .filter((e) => Object.prototype.toString.call(e) === '[object Arguments]' && e[1] === 'update')
      .map((e) => e[2].ad_storage)
      .pop(),
    fbq: window.fbqCalls[window.fbqCalls.length - 1],
    uet: JSON.stringify(window.uetq[window.uetq.length - 1]),
  }));
  assert.deepEqual(heard, { gcm: 'denied', fbq: 'consent:revoke', uet: '{"ad_storage":"denied"}' });

  // The next choice releases what waited: only what it grants.
  await page.evaluate(() => window.consentry.accept(['analytics']));
  await seen.next((r) => r.url.includes('try=after-reset') && r.host === 'region1.google-analytics.com');
  await settle(page);
  assert.deepEqual(trackers(seen, 'marketing').filter((u) => u.includes('after-reset')), []);
  await context.close();
});

test('a reset in another tab: this tab holds again, 0 tracker requests until the next choice', async () => {
  const first = await open(CONFIG);
  await first.page.evaluate(() => window.consentry.acceptAll());
  const second = await open(CONFIG, '', first);
  await second.page.waitForFunction(() => window.consentry.getConsent() !== null);
  await second.page.evaluate(() => window.consentry.reset());
  await first.page.waitForFunction(() => window.consentry.getConsent() === null);
  await first.page.locator(DIALOG).waitFor({ state: 'visible' });
  await first.page.evaluate(TRY('other-tab'));
  await settle(first.page);
  assert.deepEqual(trackers(first.seen).filter((u) => u.includes('other-tab')), []);
  await first.context.close();
});

test('the stored choice disappears while the page is open (expiry, deleted cookie): the stub holds again, the dialog asks', async () => {
  const { context, page } = await env.page();
  const seen = await fakeThirdParties(context, env.origin);
  await page.clock.install();
  await servePage(context, env.origin, '/state.html', scriptTagPage(JSON.stringify(CONFIG)));
  await page.goto(`${env.origin}/state.html`);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await context.clearCookies({ name: 'consentry' });
  await page.clock.runFor(61000); // the once-a-minute re-read
  await page.waitForFunction(() => window.consentry.getConsent() === null);
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  await page.evaluate(TRY('expired'));
  await settle(page);
  assert.deepEqual(trackers(seen).filter((u) => u.includes('expired')), []);
  await context.close();
});

test("init(config): the config's blocking.hosts and blocking.unknown reach the stub (no JSON tag)", async () => {
  const { context, page } = await env.page();
  const seen = await fakeThirdParties(context, env.origin);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>npm</title>
<script src="/consentry/consentry-stub.js"></script>
<script type="module">
  import consentry from '/consentry/consentry.js';
  consentry.init(${JSON.stringify({
    categories: CATEGORIES,
    blocking: { hosts: { 'cdn.example.net': 'analytics' }, unknown: 'marketing' },
  })}).then(() => { window.started = true; });
</script></head><body></body></html>`;
  await servePage(context, env.origin, '/npm.html', html);
  await page.goto(`${env.origin}/npm.html`);
  await page.waitForFunction(() => window.started === true);
  const categories = await page.evaluate(() =>
    ['https://cdn.example.net/x.js', 'https://lib.example.org/x.js', '/local.js', 'https://www.facebook.com/tr'].map(
      (u) => window.consentry.categoryFor(u),
    ),
  );
  assert.deepEqual(categories, ['analytics', 'marketing', null, 'marketing']);
  await page.evaluate(() => {
    new Image().src = 'https://cdn.example.net/pixel.gif';
    new Image().src = 'https://lib.example.org/pixel.gif';
  });
  await settle(page);
  assert.deepEqual(seen.map((r) => r.url), [], 'both held by the config init() was given');
  await page.evaluate(() => window.consentry.accept(['analytics']));
  await seen.next((r) => r.url === 'https://cdn.example.net/pixel.gif');
  await settle(page);
  assert.deepEqual(seen.map((r) => r.url), ['https://cdn.example.net/pixel.gif'], 'unknown third parties wait for marketing');
  await context.close();
});

test('blocking.unknown in the JSON tag: strict from the first byte; false allows a host; the page host passes', async () => {
  const config = { ...CONFIG, blocking: { unknown: 'marketing', hosts: { 'static.example.org': false } } };
  const head = `<script>
    new Image().src = 'https://lib.example.org/early.gif';
    new Image().src = 'https://static.example.org/early.gif';
    fetch(location.href).then(function (r) { window.ownHost = r.status; });
  </script>`;
  const { context, page } = await env.page();
  const seen = [];
  await context.route(
    (url) => url.origin !== env.origin,
    (route) => {
      seen.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/gif', body: '' });
    },
  );
  await servePage(context, env.origin, '/strict.html', scriptTagPage(JSON.stringify(config), head));
  await page.goto(`${env.origin}/strict.html`);
  await page.waitForFunction(() => window.ownHost === 200);
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  await settle(page);
  assert.deepEqual(seen, ['https://static.example.org/early.gif']);
  const released = page.waitForResponse('https://lib.example.org/early.gif');
  await page.evaluate(() => window.consentry.acceptAll());
  await released;
  assert.deepEqual(seen.sort(), ['https://lib.example.org/early.gif', 'https://static.example.org/early.gif']);
  await context.close();
});

test('page code can neither claim the stub nor mark an element through an attribute', async () => {
  const { context, page, seen } = await open(CONFIG);
  const state = await page.evaluate(() => {
    const claimed = window.__cyStub.k();
    const img = new Image();
    img.setAttribute('data-consentry-done', '');
    img.src = 'https://www.facebook.com/tr?bypass=attribute';
    const clone = img.cloneNode();
    clone.src = 'https://www.facebook.com/tr?bypass=clone';
    return { claimed: claimed === undefined, writable: Reflect.deleteProperty(window, '__cyStub') };
  });
  assert.deepEqual(state, { claimed: true, writable: false });
  await settle(page);
  assert.deepEqual(trackers(seen), []);
  await context.close();
});

test('the core .wasm unreachable: 0 tracker requests, and every waiter fails once the core reports it', async () => {
  const { context, page } = await env.page();
  const seen = await fakeThirdParties(context, env.origin);
  await context.route('**/*.wasm', (route) => route.abort());
  const head = `<script>
    window.waiters = {};
    fetch('https://region1.google-analytics.com/g/collect').catch(function (e) { waiters.fetch = e.name; });
    var x = new XMLHttpRequest(); x.open('GET', 'https://region1.google-analytics.com/x');
    x.onerror = function () { waiters.xhr = x.readyState + ' ' + x.status; }; x.send();
    var i = new Image(); i.onerror = function () { waiters.img = 'error'; }; i.src = 'https://www.facebook.com/tr?w=1';
  </script>`;
  await servePage(context, env.origin, '/nowasm.html', scriptTagPage(JSON.stringify(CONFIG), head));
  await page.goto(`${env.origin}/nowasm.html`);
  await page.waitForFunction(() => Object.keys(window.waiters).length === 3);
  assert.deepEqual(await page.evaluate(() => window.waiters), { fetch: 'TypeError', xhr: '4 0', img: 'error' });
  assert.deepEqual(trackers(seen), []);
  await context.close();
});

test('consentry.js itself never arrives: nothing is released, and after the stub’s 15 s every waiter fails', async () => {
  const { context, page } = await env.page();
  const seen = await fakeThirdParties(context, env.origin);
  await context.route('**/consentry/consentry.js', (route) => route.fulfill({ status: 404, body: '' }));
  await page.clock.install();
  const head = `<script>
    window.waiters = {};
    fetch('https://region1.google-analytics.com/g/collect').catch(function (e) { waiters.fetch = e.name; });
    var s = document.createElement('script'); s.onerror = function () { waiters.script = 'error'; };
    s.src = 'https://www.googletagmanager.com/gtm.js?id=GTM-X'; document.head.appendChild(s);
  </script>`;
  await servePage(context, env.origin, '/noentry.html', scriptTagPage(JSON.stringify(CONFIG), head));
  await page.goto(`${env.origin}/noentry.html`);
  await page.waitForLoadState('load');
  await page.clock.runFor(14000);
  assert.deepEqual(await page.evaluate(() => window.waiters), {}, 'still held before the timeout');
  await page.clock.runFor(1500);
  await page.waitForFunction(() => Object.keys(window.waiters).length === 2);
  assert.deepEqual(await page.evaluate(() => window.waiters), { fetch: 'TypeError', script: 'error' });
  assert.deepEqual(trackers(seen), []);
  await context.close();
});
