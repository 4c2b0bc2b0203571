// Every sink the stub guards (tests/e2e/blocking-fixtures.mjs runs each at
// load, against a tracker and against a library host no table lists): 0
// tracker requests before a choice and after "Reject all" + reload, while
// the library requests arrive (no over-blocking, and the evidence that every
// sink ran); granting analytics releases the held analytics requests; a
// tag-manager-like loader, once granted analytics, injects marketing pixels
// and scripts through HTML strings and they wait for marketing, in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIALOG, scriptTagPage, servePage } from './harness.mjs';
import { fakeThirdParties, trackers, sinksPage, sinkNames, ANALYTICS } from './blocking-fixtures.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

const CONFIG = JSON.stringify({ categories: { necessary: { required: true }, analytics: {}, marketing: {} } });

/** Sinks that make no request of their own even when allowed, by browser rule. */
const SILENT = new Set([
  // Scripts parsed by DOMParser are marked "already started": moved into
  // the page they never fetch (held or not).
  'moved-script-insertBefore',
  // document.write runs in <head> against the tracker only.
  'document-write',
]);
/** Held HTML-string markup that activation cannot reach once granted (see README: shadow roots). */
const NOT_RELEASED = new Set(['shadow-innerHTML']);

/** Opens the sinks page; resolves once every sink ran and every control (library) request arrived. */
async function openSinks(extraRoutes = async () => {}) {
  const opened = await env.page();
  const seen = await fakeThirdParties(opened.context, env.origin);
  await servePage(opened.context, env.origin, '/sinks.html', sinksPage(CONFIG));
  await extraRoutes(opened.context);
  const sockets = [];
  opened.page.on('websocket', (ws) => sockets.push(ws.url()));
  await opened.page.goto(`${env.origin}/sinks.html`);
  await controlsArrived(opened.page, seen);
  return { ...opened, seen, sockets };
}

async function controlsArrived(page, seen) {
  await page.waitForFunction(() => window.sinksDone === true);
  for (const name of sinkNames().filter((n) => !SILENT.has(n))) {
    await seen.next((r) => r.host === 'lib.example.org' && r.path.startsWith(`/s/${name}.`));
  }
  // Every request a sink makes goes out with its control; a bounded settle
  // for stragglers (image decoding, media preload) before counting.
  await page.waitForLoadState('load');
  await page.waitForTimeout(300);
}

const sinkOf = (url) => new URL(url).pathname.replace(/^\/(tr\/)?s\//, '').replace(/\.\w+$/, '');

test('before a choice: every sink makes 0 tracker requests; the library loads through each', async () => {
  const { context, page, seen, sockets } = await openSinks();
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  assert.deepEqual(trackers(seen), [], 'no request to a tracker host');
  assert.deepEqual(sockets, []);
  await context.close();
});

test('granting analytics releases what each sink held (in order for scripts); marketing stays at 0', async () => {
  const { context, page, seen } = await openSinks();
  await page.evaluate(() => window.consentry.accept(['analytics']));
  const expected = sinkNames().filter((n) => !SILENT.has(n) && !NOT_RELEASED.has(n)).concat(['document-write']);
  for (const name of expected) {
    await seen.next((r) => r.category === 'analytics' && sinkOf(r.url) === name);
  }
  // The held request APIs settle with the real answers now.
  await page.waitForFunction(() => window.sinksSettled === true);
  const results = await page.evaluate(() => window.sinkResults);
  assert.equal(results['fetch-string'], 'ok');
  assert.equal(results['fetch-Request'], 'ok');
  assert.equal(results.xhr, 'load 200');
  assert.equal(results['sendBeacon-string'], true, 'a held beacon is queued, then sent');
  // Held scripts ran (each once), the document.write one included. A request
  // seen is not yet a script run (a released script inserted by the page runs
  // async, once its body arrives): wait for each to run, then count.
  const held = ['script-src-prop', 'script-setAttribute', 'createContextualFragment', 'document-write'];
  await page.waitForFunction((paths) => paths.every((p) => (window.ran || []).includes(p)), held.map((n) => `/s/${n}.js`));
  await page.waitForTimeout(200);
  const ran = await page.evaluate(() => window.ran || []);
  for (const name of held) {
    assert.equal(ran.filter((p) => p === `/s/${name}.js`).length, 1, `${name} ran once: ${ran}`);
  }
  assert.deepEqual(trackers(seen, 'marketing'), []);
  await context.close();
});

test('Reject all, then a reload: 0 tracker requests from any sink, and each fails as a blocked request does', async () => {
  const { context, page, seen, sockets } = await openSinks();
  await page.getByRole('button', { name: 'Reject all' }).click();
  await page.locator(DIALOG).waitFor({ state: 'detached' });
  // The note of the choice (docs/fast-path.md) is written once its chunk is in.
  await page.waitForFunction(() => localStorage.getItem('consentry') !== null);
  await page.reload();
  await controlsArrived(page, seen);
  await page.waitForFunction(() => window.sinksSettled === true);
  assert.deepEqual(trackers(seen), []);
  assert.deepEqual(await page.evaluate(() => window.sinkResults), {
    'fetch-string': 'TypeError',
    'fetch-URL': 'TypeError',
    'fetch-Request': 'TypeError',
    // Sent after the fast path had taken the stored choice (docs/fast-path.md):
    // denied at once (false), as after the core's own decision.
    'sendBeacon-string': false,
    'sendBeacon-URL': false,
    xhr: 'error 4 0',
  });
  // Elements and connections fail visibly too.
  const failures = await page.evaluate(async (base) => {
    const event = (target, type) => new Promise((ok) => target.addEventListener(type, ok, { once: true }));
    const img = new Image();
    const imgError = event(img, 'error');
    img.src = `${base}/late.gif`;
    const script = document.createElement('script');
    const scriptError = event(script, 'error');
    script.src = `${base}/late.js`;
    document.head.appendChild(script);
    const ws = new WebSocket('wss://ws.hotjar.com/late');
    const wsError = event(ws, 'error');
    const closed = await event(ws, 'close');
    const es = new EventSource('https://region1.google-analytics.com/late-stream');
    await event(es, 'error');
    await Promise.all([imgError, scriptError, wsError]);
    const beacon = navigator.sendBeacon(`${base}/late-beacon`, 'x');
    return { img: img.getAttribute('src'), close: closed.code, eventSource: es.readyState, beacon };
  }, ANALYTICS);
  assert.deepEqual(failures, { img: null, close: 1006, eventSource: 2, beacon: false });
  assert.ok(!sockets.some((u) => u.includes('hotjar')), `no socket to a tracker: ${sockets}`);
  assert.deepEqual(trackers(seen), []);
  await context.close();
});

// A tag manager's custom-HTML tags: once its own script runs (analytics),
// it writes marketing pixels and scripts as HTML and re-creates the scripts
// the way tag managers do (innerHTML does not run them).
const LOADER = String.raw`
(window.ran = window.ran || []).push('/gtm.js');
var box = document.createElement('div');
document.body.appendChild(box);
box.innerHTML = '<img src="https://px.ads.linkedin.com/collect/?pid=1&tm=1" width="1" height="1">' +
  '<script src="https://connect.facebook.net/tm/first.js"></scr' + 'ipt>' +
  '<script>(window.ran = window.ran || []).push("inline-after-first")</scr' + 'ipt>' +
  '<script src="https://connect.facebook.net/tm/second.js"></scr' + 'ipt>';
[].slice.call(box.querySelectorAll('script')).forEach(function (old) {
  var s = document.createElement('script');
  for (var i = 0; i < old.attributes.length; i++) s.setAttribute(old.attributes[i].name, old.attributes[i].value);
  s.text = old.text;
  old.parentNode.replaceChild(s, old);
});
document.body.insertAdjacentHTML('beforeend', '<iframe src="https://www.facebook.com/tr/tm-frame.html"></iframe>');
`;

test('a tag-manager-like loader granted analytics injects marketing through HTML strings: 0 marketing requests until marketing, then in order', async () => {
  const { context, page } = await env.page();
  const seen = await fakeThirdParties(context, env.origin, { '/gtm.js': LOADER });
  const snippet = `<script>(function(d){var j=d.createElement('script');j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id=GTM-TEST';d.head.appendChild(j);})(document);</script>
<script src="https://lib.example.org/library.js"></script>`;
  await servePage(context, env.origin, '/tm.html', scriptTagPage(CONFIG, snippet));
  await page.goto(`${env.origin}/tm.html`);
  // The non-tracker library ran before any choice; the loader did not.
  await page.waitForFunction(() => (window.ran || []).includes('lib:/library.js'));
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  assert.deepEqual(trackers(seen), []);

  await page.evaluate(() => window.consentry.accept(['analytics']));
  await page.waitForFunction(() => (window.ran || []).includes('/gtm.js'));
  // What it injected is held by markup now: the stub rewrote it.
  await page.waitForFunction(() => document.querySelectorAll('[data-category="marketing"]').length === 4);
  await page.waitForTimeout(300); // a bounded settle: a leak would be a request by now
  assert.deepEqual(trackers(seen, 'marketing'), []);
  assert.deepEqual(await page.evaluate(() => window.ran), ['lib:/library.js', '/gtm.js', 'inline-after-first']);

  await page.evaluate(() => window.consentry.accept(['analytics', 'marketing']));
  await page.waitForFunction(() => (window.ran || []).includes('/tm/second.js'));
  await seen.next((r) => r.url.includes('tm=1'));
  await seen.next((r) => r.url.includes('tm-frame.html'));
  const ran = await page.evaluate(() => window.ran);
  assert.ok(ran.indexOf('/tm/first.js') < ran.indexOf('/tm/second.js'), `in order: ${ran}`);
  await context.close();
});

test('scripts held through the src property run in the order they were set, once granted', async () => {
  const { context, page } = await env.page();
  await fakeThirdParties(context, env.origin);
  const loaders = ['a', 'b', 'c']
    .map((n) => `s=document.createElement('script');s.async=false;s.src='https://www.googletagmanager.com/order/${n}.js';document.head.appendChild(s);`)
    .join('');
  await servePage(context, env.origin, '/order.html', scriptTagPage(CONFIG, `<script>var s;${loaders}</script>`));
  await page.goto(`${env.origin}/order.html`);
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  await page.evaluate(() => window.consentry.accept(['analytics']));
  await page.waitForFunction(() => (window.ran || []).length === 3);
  assert.deepEqual(await page.evaluate(() => window.ran), ['/order/a.js', '/order/b.js', '/order/c.js']);
  await context.close();
});
