// Blocking, as a visitor and the vendors' tags meet it on www/vendors.html:
// the vendors' own snippets (some annotated with data-category, some caught
// only by the stub), a new Image() pixel, a sendBeacon and a fetch. Every
// tracker URL is answered by a fake that records that it ran; every request
// off the local origin is counted. Nothing here reaches the internet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import * as acorn from 'acorn';
import { start, DIALOG, SCREENSHOTS, fakeTrackers, scriptTagPage, servePage } from './harness.mjs';
import { STUB_BUDGET } from '../../scripts/size.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

const GIF = Buffer.from('R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==', 'base64');
const ran = (name, more = '') => `(window.vendorRan = window.vendorRan || []).push(${JSON.stringify(name)});${more}`;
const cookie = (name) => `document.cookie = '${name}=1; path=/; max-age=3600';`;

/** The fakes, each with the category its host is in by default. */
const FAKES = [
  { name: 'gtag.js', category: 'analytics', host: 'www.googletagmanager.com', path: '/gtag/js',
    body: ran('gtag.js', cookie('_ga') + cookie('_ga_XXXXXXXXXX') + cookie('_gid')) },
  { name: 'gtm.js', category: 'analytics', host: 'www.googletagmanager.com', path: '/gtm.js', body: ran('gtm.js') },
  { name: 'ym', category: 'analytics', host: 'mc.yandex.ru', body: ran('ym') },
  { name: 'hotjar', category: 'analytics', host: 'static.hotjar.com', body: ran('hotjar') },
  { name: 'ga-beacon', category: 'analytics', host: 'region1.google-analytics.com', status: 204 },
  { name: 'amplitude-xhr', category: 'analytics', host: 'api2.amplitude.com', contentType: 'application/json', body: '{}' },
  { name: 'fbevents.js', category: 'marketing', host: 'connect.facebook.net', body: ran('fbevents.js', cookie('_fbp')) },
  { name: 'fb-pixel', category: 'marketing', host: 'www.facebook.com', contentType: 'image/gif', body: GIF },
  { name: 'linkedin', category: 'marketing', host: 'snap.licdn.com', body: ran('linkedin') },
  { name: 'linkedin-pixel', category: 'marketing', host: 'px.ads.linkedin.com', contentType: 'image/gif', body: GIF },
  { name: 'tiktok', category: 'marketing', host: 'analytics.tiktok.com', path: '/i18n/', body: ran('tiktok') },
  { name: 'tiktok-fetch', category: 'marketing', host: 'analytics.tiktok.com', path: '/api/', contentType: 'application/json', body: '{}' },
  { name: 'youtube', category: 'embeds', host: 'www.youtube-nocookie.com', contentType: 'text/html', body: '<p>video</p>' },
  { name: 'example-cdn', category: 'analytics', host: 'cdn.example.net', body: ran('example-cdn') },
  { name: 'parser-gtag', category: 'analytics', host: 'www.googletagmanager.com', path: '/gtag/js', query: 'G-PARSER',
    body: ran('parser-gtag') },
].map((f) => ({
  ...f,
  match: (url) => url.hostname === f.host && url.pathname.startsWith(f.path || '/') && url.search.includes(f.query || ''),
}));
// The more specific fake first.
FAKES.sort((a, b) => (b.query ? 1 : 0) - (a.query ? 1 : 0));

const names = (requests) => requests.map((r) => (r.fake ? r.fake.name : r.url));
const vendorRan = (page) => page.evaluate(() => window.vendorRan || []);

/** A fresh context on /vendors.html (or `path`) with fake trackers. */
async function open(path = '/vendors.html', routes = async () => {}) {
  const env2 = await env.page();
  const requests = await fakeTrackers(env2.context, env.origin, FAKES);
  await routes(env2.context);
  await env2.page.goto(`${env.origin}${path}`);
  await env2.page.waitForFunction(() => window.vendorPageDone === true);
  return { ...env2, requests };
}

/** Waits until the core has started and shown the dialog (first visit). */
async function dialogShown(page) {
  await page.locator(DIALOG).waitFor({ state: 'visible' });
}

test('before a choice: 0 tracker requests, nothing held runs, the embed shows a placeholder', async () => {
  const { context, page, requests, offsite, errors } = await open();
  await dialogShown(page);
  await page.waitForLoadState('load');
  assert.deepEqual(names(requests), [], 'no request to any tracker host');
  assert.deepEqual(offsite, []);
  assert.deepEqual(await vendorRan(page), []);
  // The unannotated snippets' scripts are in the page, without a src yet.
  assert.equal(await page.evaluate(() => document.querySelector('script[src*="gtm.js"]')), null);
  const once = page.getByRole('button', { name: 'Load once' });
  await once.waitFor();
  const group = page.getByRole('group', { name: /youtube-nocookie\.com.*External media/ });
  await group.waitFor();
  await page.getByRole('button', { name: 'Always allow External media' }).waitFor();
  const box = await page.locator('[data-consentry-placeholder]').boundingBox();
  assert.equal(Math.round(box.width), 560, 'sized like the embed');
  assert.equal(Math.round(box.height), 315);
  await page.screenshot({ path: `${SCREENSHOTS}/blocking-first-visit.png` });
  assert.deepEqual(errors, []);
  await context.close();
});

test('accepting analytics only: analytics vendors load (gtag config after gtag.js); marketing and embeds make 0 requests', async () => {
  const { context, page, requests, offsite, errors } = await open();
  await dialogShown(page);
  await page.evaluate(() => window.consentry.accept(['analytics']));
  await page.waitForFunction(() =>
    ['gtag.js', 'gtag-config', 'gtm.js', 'ym', 'hotjar'].every((n) => (window.vendorRan || []).includes(n)),
  );
  await requests.next((r) => r.fake && r.fake.name === 'ga-beacon');
  // XMLHttpRequest to a granted host passes.
  await page.evaluate(() => {
    const x = new XMLHttpRequest();
    x.open('POST', 'https://api2.amplitude.com/2/httpapi');
    x.send('{}');
  });
  await requests.next((r) => r.fake && r.fake.name === 'amplitude-xhr');
  const order = await vendorRan(page);
  assert.ok(order.indexOf('gtag.js') < order.indexOf('gtag-config'), `gtag.js before its config: ${order}`);
  assert.deepEqual(order.filter((n) => n === 'gtag-config'), ['gtag-config'], 'the inline config ran once');
  const other = requests.filter((r) => !r.fake || r.fake.category !== 'analytics');
  assert.deepEqual(names(other), [], 'no marketing or embeds request');
  assert.deepEqual(offsite, []);
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('marketing')), false);
  // Marketing stays blocked after the decision, too.
  const blocked = await page.evaluate(async () => {
    const beacon = navigator.sendBeacon('https://www.facebook.com/tr?id=1&ev=Late');
    const fetched = await fetch('https://analytics.tiktok.com/api/v2/pixel').then(
      () => 'passed',
      (e) => e.message,
    );
    return { beacon, fetched };
  });
  assert.deepEqual(blocked, { beacon: false, fetched: 'Consentry: blocked' });
  assert.deepEqual(names(requests.filter((r) => r.fake.category !== 'analytics')), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Reject all: 0 tracker requests, ever, across a reload', async () => {
  const { context, page, requests, offsite, errors } = await open();
  await page.getByRole('button', { name: 'Reject all' }).click();
  await page.locator(DIALOG).waitFor({ state: 'detached' });
  await page.reload();
  // (Until the core has started, window.consentry is the stub's queue.)
  await page.waitForFunction(() => window.vendorPageDone && typeof window.consentry.getConsent === 'function' && window.consentry.getConsent() !== null);
  await page.waitForLoadState('load');
  // Page code that tries again after the decision is blocked as it comes.
  const late = await page.evaluate(async () => {
    const img = new Image();
    img.src = 'https://www.facebook.com/tr?id=1&ev=Late';
    const beacon = navigator.sendBeacon('https://region1.google-analytics.com/g/collect?v=2');
    const fetched = await fetch('https://analytics.tiktok.com/api/v2/pixel').catch((e) => e.message);
    const s = document.createElement('script');
    s.setAttribute('src', 'https://connect.facebook.net/en_US/fbevents.js');
    document.head.appendChild(s);
    const x = new XMLHttpRequest();
    x.open('POST', 'https://api2.amplitude.com/2/httpapi');
    x.send('{}');
    return { beacon, fetched, img: img.getAttribute('src') };
  });
  assert.deepEqual(late, { beacon: false, fetched: 'Consentry: blocked', img: null });
  // A returning visitor's choice also shows the placeholder again.
  await page.getByRole('button', { name: 'Load once' }).waitFor();
  assert.deepEqual(names(requests), []);
  assert.deepEqual(offsite, []);
  assert.deepEqual(await vendorRan(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('withdrawal deletes _ga, _ga_XXXX, _gid and _fbp that the vendors set', async () => {
  const { context, page, errors } = await open();
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() =>
    ['gtag.js', 'fbevents.js'].every((n) => (window.vendorRan || []).includes(n)),
  );
  const jar = async () => (await context.cookies()).map((c) => c.name).sort();
  assert.deepEqual(
    (await jar()).filter((n) => n !== 'consentry'),
    ['_fbp', '_ga', '_ga_XXXXXXXXXX', '_gid'],
  );
  await page.evaluate(() => {
    window.stillHere = true;
    window.consentry.optOut(['analytics']);
  });
  assert.deepEqual(await jar(), ['_fbp', 'consentry']);
  await page.evaluate(() => window.consentry.optOut(['marketing']));
  assert.deepEqual(await jar(), ['consentry']);
  assert.equal(await page.evaluate(() => window.stillHere), true, 'no reload unless reloadOnWithdraw');
  // Withdrawn: new analytics requests are blocked from now on.
  assert.equal(
    await page.evaluate(() => navigator.sendBeacon('https://region1.google-analytics.com/g/collect?v=2')),
    false,
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('with the core .wasm unreachable: 0 tracker requests and no held script runs (fail closed)', async () => {
  const { context, page, requests, offsite, errors } = await open('/vendors.html', (ctx) =>
    ctx.route('**/*.wasm', (route) => route.abort()),
  );
  await page.waitForLoadState('load');
  // The page's own signal that the start failed: queued code runs with the error.
  const failure = await page.evaluate(() => new Promise((ok) => window.consentry.push((api, e) => ok(e && e.message))));
  assert.ok(failure, 'queued code hears that the core could not start');
  // The core's one console error says it could not start.
  assert.ok(errors.some((e) => /wasm|WebAssembly|fetch/i.test(e)), `${errors}`);
  assert.deepEqual(names(requests), []);
  assert.deepEqual(offsite, []);
  assert.deepEqual(await vendorRan(page), []);
  assert.equal(await page.locator(DIALOG).count(), 0);
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('analytics')), false);
  await context.close();
});

test('placeholder: "Load once" loads only this embed; "Always allow" grants its category', async () => {
  const { context, page, requests, errors } = await open();
  await page.getByRole('button', { name: 'Reject all' }).click();
  await page.getByRole('button', { name: 'Load once' }).click();
  await requests.next((r) => r.fake && r.fake.name === 'youtube');
  assert.equal(await page.locator('[data-consentry-placeholder]').count(), 0);
  assert.equal(
    await page.locator('iframe[title="YouTube video player"]').getAttribute('src'),
    'https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ',
  );
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('embeds')), false, 'nothing recorded');

  await page.reload();
  await page.getByRole('button', { name: 'Always allow External media' }).click();
  await page.waitForFunction(() => window.consentry.hasConsent('embeds'));
  assert.equal(await page.locator('[data-consentry-placeholder]').count(), 0);
  assert.deepEqual(
    await page.evaluate(() => window.consentry.getConsent().categories),
    { necessary: true, analytics: false, marketing: false, embeds: true },
  );
  assert.deepEqual(
    names(requests.filter((r) => r.fake.category !== 'embeds')),
    [],
    'only the embed loaded',
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('a tracker <script src> in the markup, unannotated, does not run before consent', async () => {
  const config = '{"categories":{"necessary":{"required":true},"analytics":{}}}';
  const html = scriptTagPage(
    config,
    `<script async src="https://www.googletagmanager.com/gtag/js?id=G-PARSER"></script>
<script>window.vendorPageDone = true;</script>`,
  );
  const { context, page, errors } = await open('/parser.html', (ctx) => servePage(ctx, env.origin, '/parser.html', html));
  await dialogShown(page);
  await page.waitForLoadState('load');
  assert.deepEqual(await vendorRan(page), [], 'switched off before it ran');
  await page.evaluate(() => window.consentry.accept(['analytics']));
  await page.waitForFunction(() => (window.vendorRan || []).includes('parser-gtag'));
  assert.deepEqual(await vendorRan(page), ['parser-gtag']);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the config's blocking.hosts add and allow hosts; reloadOnWithdraw reloads after a withdrawal", async () => {
  const config = JSON.stringify({
    categories: { necessary: { required: true }, analytics: {} },
    reloadOnWithdraw: true,
    blocking: { hosts: { 'cdn.example.net': 'analytics', 'static.hotjar.com': false } },
  });
  const inject = (src) =>
    `(function(){var s=document.createElement('script');s.src=${JSON.stringify(src)};document.head.appendChild(s);})();`;
  const html = scriptTagPage(
    config,
    `<script>${inject('https://cdn.example.net/lib.js')}${inject('https://static.hotjar.com/c/hotjar-1.js')}
window.vendorPageDone = true;</script>`,
  );
  const { context, page, requests, errors } = await open('/hosts.html', (ctx) => servePage(ctx, env.origin, '/hosts.html', html));
  await dialogShown(page);
  await page.waitForFunction(() => (window.vendorRan || []).includes('hotjar'));
  assert.deepEqual(await vendorRan(page), ['hotjar'], 'allowed by the config; cdn.example.net held');
  await page.evaluate(() => window.consentry.accept(['analytics']));
  await page.waitForFunction(() => (window.vendorRan || []).includes('example-cdn'));
  assert.deepEqual(names(requests).sort(), ['example-cdn', 'hotjar']);
  // Withdrawing analytics after its script ran reloads the page.
  await Promise.all([
    page.waitForEvent('load'),
    page.evaluate(() => window.consentry.optOut(['analytics'])),
  ]);
  // (Until the core has started, window.consentry is the stub's queue.)
  await page.waitForFunction(() => window.vendorPageDone && typeof window.consentry.getConsent === 'function' && window.consentry.getConsent() !== null);
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('analytics')), false);
  assert.deepEqual(await vendorRan(page), ['hotjar'], 'after the reload, the withdrawn script is gone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the stub: ES5, within its budget, and its table is data/trackers.json', async () => {
  const stub = await readFile(new URL('../../pkg/consentry-stub.js', import.meta.url));
  assert.ok(gzipSync(stub, { level: 9 }).length <= STUB_BUDGET);
  acorn.parse(stub.toString(), { ecmaVersion: 5 });
  const { hosts } = JSON.parse(await readFile(new URL('../../data/trackers.json', import.meta.url), 'utf8'));
  const { context, page } = await env.page();
  await page.goto(`${env.origin}/script-tags.html`);
  const urls = Object.entries(hosts).map(([key, category]) => [
    `https://${key.replace(/^\*\./, 'sub.')}${key.includes('/') ? '/x' : '/'}?q=1`,
    category,
  ]);
  const seen = await page.evaluate(
    (list) => list.map(([url]) => window.__cyStub.m(url)),
    urls,
  );
  assert.deepEqual(seen, urls.map(([, c]) => c));
  assert.equal(await page.evaluate(() => window.__cyStub.m('https://example.com/x')), undefined);
  await context.close();
});
