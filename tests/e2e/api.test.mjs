// The JS API and the integrations, as page code and tags see them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIALOG, consentCookie, scriptTagPage, servePage } from './harness.mjs';
import { settle } from './signals.mjs';

const CONFIG = {
  revision: 3,
  categories: {
    necessary: { required: true },
    analytics: { cookies: ['_ga'] },
    marketing: { sale: true, services: { fb: {}, ads: {} } },
  },
};

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

/** A script-tag page with `config` and extra head markup, served at `path` for this context. */
async function open(context, page, path, config = CONFIG, head = '') {
  await servePage(context, env.origin, path, scriptTagPage(JSON.stringify(config), head));
  await page.goto(`${env.origin}${path}`);
}

const READY = () => window.consentry && typeof window.consentry.on === 'function' && window.__ready === true;
const MARK_READY = `<script>window.consentry = window.consentry || [];
  consentry.push(function (api) { window.__ready = true; });</script>`;

test('every API member from page code; calls queued before the core loaded ran in order', async () => {
  const { context, page, errors } = await env.page();
  const warnings = [];
  // The warnings come from the diagnostics chunk, fetched when a misuse is
  // first seen: `warned(text)` resolves once one containing `text` is in.
  const waiters = [];
  page.on('console', (m) => {
    if (m.type() !== 'warning') return;
    warnings.push(m.text());
    for (const w of waiters.splice(0)) w();
  });
  const warned = async (text) => {
    const limit = Date.now() + 10000; // then the assertions below say what is missing
    while (!warnings.some((w) => w.includes(text)) && Date.now() < limit) {
      await new Promise((ok) => {
        waiters.push(ok);
        setTimeout(ok, limit - Date.now());
      });
    }
  };
  const queued = `<script>
    window.log = [];
    window.consentry = window.consentry || [];
    consentry.push(function (api) { log.push('queued 1:' + typeof api.hasConsent); });
    consentry.push(function (api) {
      log.push('queued 2');
      api.on('consent', function (r) { log.push('consent:' + r.method); });
      api.on('change', function () { throw new Error('a throwing handler'); });
      api.on('change', function (c) { log.push('change:' + JSON.stringify(c.changed.categories)); });
      api.on('show', function (layer) { log.push('show:' + layer); });
      api.on('hide', function () { log.push('hide'); });
      api.whenGranted('analytics', function () { log.push('analytics granted'); });
    });
    window.addEventListener('consentry:change', function (e) { log.push('window:' + (e.detail ? e.detail.method : null)); });
  </script>`;
  await open(context, page, '/api.html', CONFIG, queued + MARK_READY);
  await page.waitForFunction(READY);

  const result = await page.evaluate(() => {
    const c = window.consentry;
    const out = {};
    out.before = [c.hasConsent('analytics'), c.getConsent()];
    out.badArgs = [c.hasConsent('nope'), c.hasConsent('nope'), c.hasConsent(42), c.hasConsent('analytics', 7)];
    for (const [name, call] of [
      ['accept(5)', () => c.accept(5)],
      ['accept(["nope"])', () => c.accept(['nope'])],
      ['on("bogus")', () => c.on('bogus', () => {})],
      ['whenGranted("nope")', () => c.whenGranted('nope', () => {})],
    ]) {
      try {
        call();
        out[name] = 'no error';
      } catch (e) {
        out[name] = e.message;
      }
    }
    c.accept(['analytics']);
    out.afterAccept = [c.hasConsent('analytics'), c.hasConsent('marketing'), c.getConsent().method];
    c.acceptAll();
    out.afterAcceptAll = [c.hasConsent('marketing'), c.hasConsent('marketing', 'fb')];
    c.optOut(['marketing']);
    out.afterOptOut = [c.hasConsent('analytics'), c.hasConsent('marketing'), c.getConsent().method];
    c.optOut();
    out.afterOptOutAll = [c.hasConsent('analytics'), c.hasConsent('necessary')];
    c.rejectAll();
    out.afterReject = c.getConsent().method;
    c.showPreferences();
    c.hide();
    c.show();
    c.hide();
    const unsubscribe = c.on('change', () => log.push('unsubscribed handler ran'));
    unsubscribe();
    c.reset();
    out.afterReset = [c.getConsent(), c.hasConsent('necessary')];
    let pushedNow = false;
    c.push(() => (pushedNow = true));
    out.pushedNow = pushedNow;
    let readyNow = false;
    c.on('ready', () => (readyNow = true));
    out.readyNow = readyNow;
    return out;
  });
  assert.deepEqual(result.before, [false, null]);
  assert.deepEqual(result.badArgs, [false, false, false, false]);
  assert.match(result['accept(5)'], /takes a category name or an array/);
  assert.match(result['accept(["nope"])'], /unknown category "nope"/);
  assert.match(result['on("bogus")'], /unknown event "bogus"/);
  assert.match(result['whenGranted("nope")'], /unknown category "nope"/);
  assert.deepEqual(result.afterAccept, [true, false, 'custom']);
  assert.deepEqual(result.afterAcceptAll, [true, true]);
  assert.deepEqual(result.afterOptOut, [true, false, 'opt-out']);
  assert.deepEqual(result.afterOptOutAll, [false, true]);
  assert.equal(result.afterReject, 'reject-all');
  assert.deepEqual(result.afterReset, [null, false]);
  assert.equal(result.pushedNow, true, 'push() after start runs at once');
  assert.equal(result.readyNow, true, "on('ready') after start runs at once");
  await page.locator(DIALOG).waitFor({ state: 'visible' }); // reset asks again

  const log = await page.evaluate(() => window.log);
  // The first `show` happened during start, before the queued code subscribed.
  assert.deepEqual(log.slice(0, 3), ['queued 1:function', 'queued 2', 'hide']);
  assert.deepEqual(log.slice(3, 8), [
    'consent:custom',
    'change:{"necessary":true,"analytics":true}', // from no record at all
    'window:custom',
    'analytics granted',
    'change:{"marketing":true}',
  ]);
  assert.ok(log.includes('show:preferences') && log.includes('hide'));
  assert.equal(log.filter((l) => l === 'consent:custom').length, 1, 'consent fires for the first choice only');
  assert.ok(!log.includes('unsubscribed handler ran'));
  assert.ok(log.includes('window:null'), 'reset is a change to no record');
  // One warning per distinct bad use, not one per call (each waited for,
  // then a settle for any second one to arrive).
  await warned('unknown category "nope"');
  await warned('takes strings');
  await settle(page);
  assert.equal(warnings.filter((w) => w.includes('unknown category "nope"')).length, 1, JSON.stringify(warnings));
  assert.equal(warnings.filter((w) => w.includes('takes strings')).length, 1, JSON.stringify(warnings));
  assert.ok(errors.every((e) => e.includes('a throwing handler')), JSON.stringify(errors));
  await context.close();
});

test('GTM dataLayer, Meta Pixel and Microsoft UET hear every change', async () => {
  const { context, page } = await env.page();
  const tags = `<script>
    window.dataLayer = [];
    window.fbqCalls = [];
    window.fbq = function () { fbqCalls.push(Array.prototype.slice.call(arguments).join(':')); };
  </script>`;
  const config = { ...CONFIG, googleConsentMode: true, metaPixel: 'marketing', microsoftUet: 'marketing' };
  await open(context, page, '/tags.html', config, tags + MARK_READY);
  await page.waitForFunction(READY);
  await page.evaluate(() => window.consentry.accept(['analytics']));
  await page.evaluate(() => window.consentry.acceptAll());
  const seen = await page.evaluate(() => ({
    events: window.dataLayer.filter((e) => e && e.event === 'consentry_update').map((e) => e.consentry.categories),
    updates: window.dataLayer
      .filter((e) => Object.prototype.toString.call(e) === '[object Arguments]' && e[1] === 'update')
      .map((e) => [e[2].analytics_storage, e[2].ad_storage, e[2].ad_user_data, e[2].ad_personalization]),
    fbq: window.fbqCalls,
    uet: window.uetq.map((e) => (typeof e === 'object' ? JSON.stringify(e) : e)).join(' '),
  }));
  assert.deepEqual(seen.events, [['necessary', 'analytics'], ['necessary', 'analytics', 'marketing']]);
  assert.deepEqual(seen.updates, [
    ['granted', 'denied', 'denied', 'denied'],
    ['granted', 'granted', 'granted', 'granted'],
  ]);
  assert.deepEqual(seen.fbq, ['consent:revoke', 'consent:grant']);
  assert.equal(
    seen.uet,
    'consent default {"ad_storage":"denied"} consent update {"ad_storage":"denied"} consent update {"ad_storage":"granted"}',
  );
  await context.close();
});

test('Global Privacy Control: sale categories denied without interaction, notice shown, only an explicit switch opts in', async () => {
  const { context, page } = await env.page();
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });
  });
  await open(context, page, '/gpc.html', CONFIG, MARK_READY);
  await page.waitForFunction(READY);
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('marketing')), false);
  const notice = page.getByText('Your Global Privacy Control signal is honoured');
  await notice.waitFor({ state: 'visible' });
  // "Accept all" is not an opt-in to sale.
  await page.getByRole('button', { name: 'Accept all' }).click();
  let record = await page.evaluate(() => window.consentry.getConsent());
  assert.deepEqual([record.categories.analytics, record.categories.marketing, record.gpc], [true, false, true]);
  // The preferences layer shows the notice; turning marketing on there does opt in.
  await page.evaluate(() => window.consentry.showPreferences());
  await notice.waitFor({ state: 'visible' });
  await page.locator('#switch-marketing').check();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  record = await page.evaluate(() => window.consentry.getConsent());
  assert.deepEqual([record.categories.marketing, record.gpc], [true, true]);
  await context.close();

  // With only sale/sharing categories, GPC decides alone: no dialog at all.
  const second = await env.page();
  await second.context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });
  });
  const onlySale = { categories: { necessary: { required: true }, marketing: { sale: true } } };
  await open(second.context, second.page, '/gpc-only.html', onlySale, MARK_READY);
  await second.page.waitForFunction(READY);
  const r = await second.page.evaluate(() => window.consentry.getConsent());
  assert.deepEqual([r.method, r.gpc, r.categories.marketing], ['gpc', true, false]);
  assert.equal(await second.page.locator(DIALOG).count(), 0, 'no dialog');
  assert.ok(await consentCookie(second.context), 'the GPC decision is stored');
  await second.context.close();
});

/**
 * Two tabs of a page with a held analytics script (it counts its runs in
 * `heldRan`), the other one showing the dialog; `prepare(page)` runs on the
 * first before it loads. Clicks "Accept all" in the first.
 */
async function acceptInOneOfTwoTabs(prepare = async () => {}) {
  const { context, page } = await env.page();
  const held = '<script type="text/plain" data-category="analytics">window.heldRan = (window.heldRan || 0) + 1;</script>';
  await servePage(context, env.origin, '/tab.html', scriptTagPage(JSON.stringify(CONFIG), held + MARK_READY));
  await prepare(page);
  const other = await context.newPage();
  await page.goto(`${env.origin}/tab.html`);
  await other.goto(`${env.origin}/tab.html`);
  await page.waitForFunction(READY);
  await other.waitForFunction(READY);
  await other.locator(DIALOG).waitFor({ state: 'visible' });
  await page.getByRole('button', { name: 'Accept all' }).click();
  return { context, page, other };
}

test('two tabs: accepting in one runs the other tab’s held analytics without a reload', async () => {
  const { context, page, other } = await acceptInOneOfTwoTabs();
  // Well under the shell's 60 s re-read: the other tab heard the change
  // itself (a bound, not a timing: 1 s was too tight on a loaded machine).
  await other.waitForFunction(() => window.heldRan === 1, null, { timeout: 10000 });
  await other.locator(DIALOG).waitFor({ state: 'detached' });
  assert.equal(await other.evaluate(() => window.consentry.hasConsent('analytics')), true);
  // Withdrawal reaches the other tab too.
  await page.evaluate(() => window.consentry.optOut(['analytics']));
  await other.waitForFunction(() => window.consentry.hasConsent('analytics') === false, null, { timeout: 10000 });
  await context.close();
});

test('two tabs: an announcement that arrives before its cookie is followed once the cookie is there', async () => {
  // The deciding tab's announcements are kept back until the test sends them.
  const { context, page, other } = await acceptInOneOfTwoTabs((page) => page.addInitScript(() => {
    const post = BroadcastChannel.prototype.postMessage;
    const kept = [];
    BroadcastChannel.prototype.postMessage = function (message) {
      if (this.name === 'consentry') kept.push(message);
      else post.call(this, message);
    };
    window.sendKept = () => {
      const channel = new BroadcastChannel('consentry');
      for (const message of kept) post.call(channel, message);
      channel.close();
      return kept.length;
    };
  }));
  await page.waitForFunction(() => window.heldRan === 1);
  // The cookie is taken away, the announcement sent, and the cookie put back
  // only after the other tab has had it for a while: a tab that re-read at
  // once would have found no choice and missed this one.
  const cookie = await consentCookie(context);
  assert.ok(cookie, 'the decision wrote the consent cookie');
  await context.clearCookies();
  assert.equal(await page.evaluate(() => window.sendKept()), 1);
  await other.evaluate(() => new Promise((ok) => setTimeout(ok, 100)));
  assert.equal(await other.evaluate(() => window.heldRan), undefined, 'nothing released before the cookie is there');
  await context.addCookies([cookie]);
  await other.waitForFunction(() => window.heldRan === 1, null, { timeout: 10000 });
  await other.locator(DIALOG).waitFor({ state: 'detached' });
  await context.close();
});

test('receipts: endpoint down for the first page, up for the second: exactly one receipt per decision', async () => {
  const { context, page } = await env.page();
  const config = { ...CONFIG, consentLog: { endpoint: '/receipts' } };
  let up = false;
  const received = [];
  let refused = 0;
  await context.route(`${env.origin}/receipts`, async (route) => {
    if (!up) {
      refused++;
      return route.fulfill({ status: 503, body: 'down' });
    }
    received.push(JSON.parse(route.request().postData()));
    return route.fulfill({ status: 204 });
  });
  await open(context, page, '/receipts.html', config, MARK_READY);
  await page.waitForFunction(READY);
  await page.evaluate(() => window.consentry.accept(['analytics']));
  await page.evaluate(() => window.consentry.optOut());
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('consentry:receipts') || '[]').length === 2);
  assert.ok(refused >= 1, 'the endpoint was tried');
  assert.equal(received.length, 0);

  up = true;
  await page.reload();
  await page.waitForFunction(READY);
  await page.waitForFunction(() => localStorage.getItem('consentry:receipts') === null);
  // A third page sends nothing again: started (it sends what is queued at
  // start), nothing queued, and any request it made has reached the route.
  await page.reload();
  await page.waitForFunction(READY);
  await page.waitForFunction(() => localStorage.getItem('consentry:receipts') === null);
  await settle(page);
  assert.equal(received.length, 2, JSON.stringify(received));
  assert.deepEqual(
    received.map((r) => [r.method, r.categories.analytics, r.revision]),
    [
      ['custom', true, 3],
      ['opt-out', false, 3],
    ],
  );
  const keys = new Set(received.map((r) => r.key));
  assert.equal(keys.size, 2);
  for (const r of received) {
    assert.deepEqual(Object.keys(r).sort(), [
      'categories',
      'configHash',
      'gpc',
      'id',
      'key',
      'language',
      'method',
      'revision',
      'services',
      'time',
    ]);
    assert.match(r.configHash, /^[0-9a-f]{8}$/);
    assert.equal(r.language, 'en');
  }
  await context.close();
});

test('Consent Mode: the default precedes every tag entry, all are arguments objects, an update follows the choice', async () => {
  const { context, page } = await env.page();
  const config = { ...CONFIG, googleConsentMode: true };
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gcm</title>
<script src="/consentry/consentry-stub.js"></script>
<script src="/consentry/consentry-consent-mode.js" data-region="ES,FR" data-url-passthrough></script>
<script type="application/json" id="consentry-config">${JSON.stringify(config)}</script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag() { dataLayer.push(arguments); }
  gtag('js', new Date());
  gtag('config', 'G-TEST');
  dataLayer.push({ event: 'page_ready' });
</script>
<script type="module" src="/consentry/consentry.js"></script>
${MARK_READY}</head><body><h1>gcm</h1></body></html>`;
  await servePage(context, env.origin, '/gcm.html', html);
  await page.goto(`${env.origin}/gcm.html`);
  await page.waitForFunction(READY);
  await page.getByRole('button', { name: 'Accept all' }).click();
  const entries = await page.evaluate(() =>
    window.dataLayer.map((e) => ({
      args: Object.prototype.toString.call(e) === '[object Arguments]',
      head: Object.prototype.toString.call(e) === '[object Arguments]' ? [e[0], e[1]] : [e.event],
      values: Object.prototype.toString.call(e) === '[object Arguments]' ? e[2] : null,
    })),
  );
  const index = (pred) => entries.findIndex(pred);
  const defaultAt = index((e) => e.head[0] === 'consent' && e.head[1] === 'default');
  assert.equal(defaultAt, 0, `the consent default is the first entry: ${JSON.stringify(entries.map((e) => e.head))}`);
  for (const [i, e] of entries.entries()) {
    if (e.head[0] === 'config' || e.head[0] === 'js' || e.head[0] === 'event' || !e.args) {
      assert.ok(i > defaultAt, `entry ${i} (${e.head}) comes after the default`);
    }
    if (e.head[0] === 'consent') assert.equal(e.args, true, 'consent entries are arguments objects');
  }
  const d = entries[defaultAt].values;
  assert.deepEqual(
    [d.ad_storage, d.ad_user_data, d.ad_personalization, d.analytics_storage, d.functionality_storage,
      d.personalization_storage, d.security_storage, d.wait_for_update, d.region],
    ['denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'granted', 500, ['ES', 'FR']],
  );
  assert.ok(entries.some((e) => e.head[0] === 'set' && e.head[1] === 'url_passthrough'));
  const updateAt = index((e) => e.head[0] === 'consent' && e.head[1] === 'update');
  assert.ok(updateAt > defaultAt, 'an update follows the choice');
  // "Accept all" under no GPC: every mapped type granted.
  assert.deepEqual(entries[updateAt].values, {
    analytics_storage: 'granted',
    ad_storage: 'granted',
    ad_user_data: 'granted',
    ad_personalization: 'granted',
  });
  // A returning visitor gets the update at start, before any choice is made again.
  await page.reload();
  await page.waitForFunction(READY);
  const first = await page.evaluate(() =>
    window.dataLayer.filter((e) => Object.prototype.toString.call(e) === '[object Arguments]').map((e) => e[1]),
  );
  assert.deepEqual(first.slice(0, 2), ['default', 'url_passthrough']);
  assert.ok(first.includes('update'), `update for the returning visitor: ${first}`);
  await context.close();
});
