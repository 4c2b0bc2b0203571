// Single-page apps: a router that swaps the page's content on History API
// navigations (no page load) and brings held markup with it. Held before a
// choice, activated on the grant, each element once; a dialog open during a
// route change stays open and works; nothing runs twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, servePage, scriptTagPage, fakeTrackers, DIALOG } from './harness.mjs';

const CONFIG = JSON.stringify({
  categories: { necessary: { required: true }, analytics: {}, marketing: {}, embeds: { title: 'Videos' } },
});

// Route A holds an inline script, a pixel and an embed; route B another script.
const ROUTER = `<nav><a href="/spa/a" data-link>A</a> <a href="/spa/b" data-link>B</a> <a href="/spa/" data-link>Home</a></nav>
<main id="app"></main>
<script>
  window.runs = { a: 0, b: 0, granted: 0 };
  var routes = {
    '/spa/': '<p>home</p>',
    '/spa/a': '<p>page A</p><script type="text/plain" data-category="analytics">window.runs.a++<\\/script>' +
      '<img id="pixel" alt="" width="1" height="1" data-category="marketing" data-src="https://www.facebook.com/tr?id=1">' +
      '<iframe id="video" title="Video" width="320" height="180" data-category="embeds" data-src="https://www.youtube-nocookie.com/embed/x"></iframe>',
    '/spa/b': '<p>page B</p><script type="text/plain" data-category="analytics">window.runs.b++<\\/script>',
  };
  function render() { document.getElementById('app').innerHTML = routes[location.pathname] || '<p>not found</p>'; }
  window.go = function (path) { history.pushState(null, '', path); render(); };
  document.addEventListener('click', function (e) {
    var link = e.target.closest && e.target.closest('a[data-link]');
    if (link) { e.preventDefault(); window.go(link.getAttribute('href')); }
  });
  addEventListener('popstate', render);
  render();
  window.consentry = window.consentry || [];
  window.consentry.push(function (api) { api.whenGranted('analytics', function () { window.runs.granted++; }); });
</script>`;

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

/** The page at /spa/, its requests off the test origin (the pixel and the video faked), and its errors. */
async function open() {
  const visit = await env.page();
  visit.trackers = await fakeTrackers(visit.context, env.origin, [
    { match: (url) => url.hostname === 'www.facebook.com', contentType: 'image/gif', body: '' },
    { match: (url) => url.hostname === 'www.youtube-nocookie.com', contentType: 'text/html', body: '<p>video</p>' },
  ]);
  const html = scriptTagPage(CONFIG).replace('<h1>test page</h1>', ROUTER);
  for (const path of ['/spa/', '/spa/a', '/spa/b']) await servePage(visit.context, env.origin, path, html);
  await visit.page.goto(`${env.origin}/spa/`);
  await visit.page.locator(DIALOG).waitFor({ state: 'visible' });
  return visit;
}

/** Navigates in the page (History API) and waits for the route's content and Consentry's observer. */
async function go(page, path, marker) {
  await page.evaluate((p) => window.go(p), path);
  await page.getByText(marker).waitFor();
  // The observer runs after the DOM change, in a microtask: one frame later it has.
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok))));
}

const state = (page) =>
  page.evaluate(() => ({
    runs: { ...window.runs },
    pixel: document.getElementById('pixel')?.getAttribute('src') ?? null,
    video: document.getElementById('video')?.getAttribute('src') ?? null,
    placeholders: document.querySelectorAll('[data-consentry-placeholder]').length,
    scripts: document.querySelectorAll('#app script').length,
  }));

test('held markup a client-side navigation adds stays held before a choice, and activates on the grant, each element once', async () => {
  const { context, page, trackers, errors } = await open();
  try {
    await go(page, '/spa/a', 'page A');
    let s = await state(page);
    assert.deepEqual(s.runs, { a: 0, b: 0, granted: 0 });
    assert.equal(s.pixel, null);
    assert.equal(s.video, null);
    assert.equal(s.placeholders, 1, 'the embed added by the route shows its placeholder');
    await go(page, '/spa/b', 'page B');
    await go(page, '/spa/a', 'page A');
    s = await state(page);
    assert.deepEqual(s.runs, { a: 0, b: 0, granted: 0 });
    assert.equal(s.placeholders, 1, 'one placeholder for the new embed; the old one left with its route');
    assert.equal(trackers.length, 0, 'nothing held was requested');

    await page.getByRole('button', { name: 'Accept all' }).click();
    await page.waitForFunction(() => window.runs.a === 1);
    s = await state(page);
    assert.deepEqual(s.runs, { a: 1, b: 0, granted: 1 });
    assert.equal(s.pixel, 'https://www.facebook.com/tr?id=1');
    assert.equal(s.video, 'https://www.youtube-nocookie.com/embed/x');
    assert.equal(s.placeholders, 0);
    assert.equal(s.scripts, 1, 'the held script was replaced, not copied');

    // After the grant, every element a route adds runs once; a later
    // decision does not run what already ran.
    await go(page, '/spa/b', 'page B');
    await page.waitForFunction(() => window.runs.b === 1);
    await go(page, '/spa/a', 'page A');
    await page.waitForFunction(() => window.runs.a === 2);
    await page.evaluate(() => window.consentry.acceptAll());
    await page.evaluate(() => window.consentry.accept(['analytics', 'marketing', 'embeds']));
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok))));
    s = await state(page);
    assert.deepEqual(s.runs, { a: 2, b: 1, granted: 1 });
    assert.equal(s.scripts, 1);
    await trackers.next((r) => r.url.startsWith('https://www.facebook.com/tr'));
    await trackers.next((r) => r.url.startsWith('https://www.youtube-nocookie.com/'));
    assert.ok(trackers.every((r) => r.fake), 'only the held elements were requested');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a dialog open during a route change stays open, keeps focus, and its choice applies to the new route', async () => {
  const { context, page, errors } = await open();
  try {
    await page.locator(DIALOG).getByRole('button', { name: 'Preferences' }).click();
    await page.locator(DIALOG).getByRole('checkbox').first().waitFor();
    // The app navigates by itself while the preferences layer is open.
    await go(page, '/spa/a', 'page A');
    assert.equal(await page.locator(DIALOG).isVisible(), true);
    assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'consentry-dialog');
    assert.equal(await page.locator('#consentry-dialog').count(), 1);
    assert.deepEqual((await state(page)).runs, { a: 0, b: 0, granted: 0 });

    // Analytics on, the rest off, saved from the dialog that outlived the route change.
    const analytics = page.locator(DIALOG).getByRole('checkbox', { name: /analytics/i });
    await analytics.check();
    await page.locator(DIALOG).getByRole('button', { name: 'Save preferences' }).click();
    await page.waitForFunction(() => window.runs.a === 1);
    const s = await state(page);
    assert.deepEqual(s.runs, { a: 1, b: 0, granted: 1 });
    assert.equal(s.pixel, null, 'marketing stays held');
    assert.equal(s.placeholders, 1, 'the embed keeps its placeholder');
    assert.equal(await page.locator(DIALOG).count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
