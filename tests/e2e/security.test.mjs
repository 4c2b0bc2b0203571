// Hostile input and strict policies: nothing a config, cookie or attribute
// carries ever executes, and the demo runs under a strict CSP with no
// violation reports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIALOG, settled, scriptTagPage, servePage } from './harness.mjs';
import { DIALOG_SHOWN, coreOutcome, settle } from './signals.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

const NONCE = 'r4nd0mN0nc3';
const CSP = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-${NONCE}'; style-src 'self'`;

/** Serves the demo's HTML with a strict CSP header, the site's own scripts nonced. */
async function withStrictCsp(context) {
  await context.route(
    (url) => url.origin === env.origin && (url.pathname.endsWith('/') || url.pathname.endsWith('.html')),
    async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(/<script\b/g, `<script nonce="${NONCE}"`);
      await route.fulfill({ response, body: html, headers: { ...response.headers(), 'content-security-policy': CSP } });
    },
  );
  await context.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
}

test('the demo under a strict CSP: styled dialog, nonced held scripts run, no violations', async () => {
  const { context, page, errors } = await env.page();
  await withStrictCsp(context);
  await page.goto(`${env.origin}/`);
  await settled(page);
  const accept = page.getByRole('button', { name: 'Accept all' });
  const background = await accept.evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(background, 'rgb(31, 79, 209)', 'the dialog stylesheet applies under style-src self');
  await accept.click();
  await page.waitForFunction(() => (window.demoRan || []).length === 3);
  // A returning visit: the stub writes the fast path's script in with its own nonce.
  const fast = page.waitForRequest((r) => r.url().endsWith('/consentry-fast.js'));
  await page.reload();
  await fast;
  await page.waitForFunction(() => (window.demoRan || []).length === 3);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), [], 'no violation on a returning visit');
  await page.goto(`${env.origin}/script-tags.html`);
  await page.waitForFunction(() => window.queuedRan === true);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  // The vendors page puts placeholders (their own shadow roots) on held embeds.
  const vendors = await context.newPage();
  await vendors.goto(`${env.origin}/vendors.html`);
  await vendors.waitForFunction(() => document.querySelector('[data-consentry-placeholder], [data-consentry-held]'));
  await settle(vendors); // a violation is reported as an event after what it blocked
  assert.deepEqual(await vendors.evaluate(() => window.cspViolations), [], 'no violation on the vendors page either');
  assert.deepEqual(errors, []);
  await context.close();
});

const HOSTILE = [
  '<img src=x onerror="window.__xss=1">',
  '"><script>window.__xss=2</script>',
  "' onmouseover='window.__xss=3' x='",
  'javascript:window.__xss=4',
  '<svg onload="window.__xss=5">',
  '\u202Eevil\u202C <b>bold</b> &amp; &lt;',
  '</style><style>*{display:none}</style>',
];

test('hostile strings in every config text stay text; nothing executes; the dialog still renders', async () => {
  const { context, page, errors } = await env.page();
  const bad = (i) => HOSTILE[i % HOSTILE.length];
  const huge = 'x'.repeat(100_000);
  const texts = {};
  for (const [i, key] of ['title', 'description', 'acceptAll', 'rejectAll', 'preferences', 'privacyPolicy',
    'preferencesTitle', 'savePreferences', 'showDetails', 'cookieName', 'alwaysOn', 'close'].entries()) {
    texts[key] = bad(i);
  }
  texts.preferencesDescription = huge;
  const config = {
    privacyPolicyUrl: '/privacy?q="><script>window.__xss=6</script>',
    texts: { en: texts },
    categories: {
      necessary: { required: true, title: bad(1), description: bad(2) },
      analytics: {
        title: bad(3),
        description: bad(4),
        cookies: [{ name: '_ga', provider: bad(5), purpose: bad(6), duration: bad(0) }],
        services: { ga: { title: bad(0) } },
      },
    },
  };
  await servePage(context, env.origin, '/xss.html', scriptTagPage(JSON.stringify(config).replace(/</g, '\\u003c')));
  await page.goto(`${env.origin}/xss.html`);
  await settled(page);
  await page.locator(DIALOG).hover();
  await page.evaluate(() => window.consentry.showPreferences());
  await page.evaluate(() =>
    document.getElementById('consentry-dialog').shadowRoot.querySelectorAll('details').forEach((d) => (d.open = true)),
  );
  for (const el of await page.locator('#consentry-dialog label, #consentry-dialog td, #consentry-dialog p').all()) {
    await el.hover({ force: true, trial: false }).catch(() => {});
  }
  const found = await page.evaluate(() => {
    const root = document.getElementById('consentry-dialog').shadowRoot;
    return {
      xss: window.__xss,
      elements: [...root.querySelectorAll('script, img, svg, b, style')].map((e) => e.tagName),
      title: root.getElementById('dialog-title').textContent,
      link: root.querySelector('a').getAttribute('href'),
      buttons: [...root.querySelectorAll('button')].length,
    };
  });
  assert.equal(found.xss, undefined, 'nothing executed');
  assert.deepEqual(found.elements, [], 'no markup from config text');
  assert.equal(found.title, texts.preferencesTitle, 'the hostile title shows as literal text');
  assert.equal(found.link, config.privacyPolicyUrl, 'the link is the validated URL, as an attribute value');
  assert.equal(found.buttons, 4, 'the preferences layer renders close, save, accept and reject');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a javascript: or data: link in the config is refused with a clear error, nothing granted', async () => {
  const { context, page, errors } = await env.page();
  const config = { privacyPolicyUrl: 'javascript:window.__xss=7', categories: { analytics: {} } };
  await servePage(context, env.origin, '/badlink.html', scriptTagPage(JSON.stringify(config)));
  await page.goto(`${env.origin}/badlink.html`);
  assert.match(await coreOutcome(page), /invalid config/, 'queued code hears the failed start');
  await settle(page);
  assert.equal(errors.length, 1);
  assert.match(errors[0], /privacyPolicyUrl: must be an http\(s\) or relative URL/);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('analytics')), false);
  await context.close();
});

test('hostile cookie values and data-* attributes grant nothing and break nothing', async () => {
  const { context, page, errors } = await env.page();
  const config = { categories: { necessary: { required: true }, analytics: {} } };
  await context.addCookies(
    ['consentry', 'consentry_x'].map((name) => ({
      name,
      value: '1.0.zz.zz.%3Cscript%3Ewindow.__xss%3D8%3C%2Fscript%3E.a0.AAAAAA.H',
      url: env.origin,
    })),
  );
  const held = `<script type="text/plain" data-category='"><img src=x onerror="window.__xss=9">'>window.__xss = 10;</script>
    <script type="text/plain" data-category="analytics" data-service="<svg onload=window.__xss=11>">window.__xss = 12;</script>`;
  await servePage(context, env.origin, '/cookie.html', scriptTagPage(JSON.stringify(config), held));
  await page.goto(`${env.origin}/cookie.html`);
  await settled(page); // the bad cookie is "no consent": ask again
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('analytics')), false);
  await page.getByRole('button', { name: 'Accept all' }).click();
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'unknown categories/services never run');
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('analytics')), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the core cannot load: held scripts stay held, queued code hears the error, the page keeps working', async () => {
  const { context, page } = await env.page();
  await context.route('**/*.wasm', (route) => route.abort());
  const config = { categories: { necessary: { required: true }, analytics: {} } };
  const head = `<script type="text/plain" data-category="analytics">window.heldRan = true;</script>
    <script>window.consentry = window.consentry || [];
      consentry.push(function (api, error) { window.queued = { error: error && error.message, grants: api.hasConsent('analytics') }; });
    </script>`;
  await servePage(context, env.origin, '/nowasm.html', scriptTagPage(JSON.stringify(config), head));
  await page.goto(`${env.origin}/nowasm.html`);
  await page.waitForFunction(() => window.queued !== undefined);
  const queued = await page.evaluate(() => window.queued);
  assert.ok(queued.error, 'the queued function got the error');
  assert.equal(queued.grants, false);
  assert.equal(await page.evaluate(() => window.heldRan), undefined);
  assert.equal(await page.locator(DIALOG).count(), 0);
  // Later pushes hear it too; the page's own scripts still run.
  assert.equal(await page.evaluate(() => new Promise((ok) => window.consentry.push((api, e) => ok(!!e)))), true);
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  await context.close();
});

test('the core loaded twice (two module URLs): one dialog, held scripts run once', async () => {
  const { context, page, errors } = await env.page();
  const config = { categories: { necessary: { required: true }, analytics: {} } };
  const head = `<script type="module" src="/consentry/consentry.js?second-copy"></script>
    <script type="text/plain" data-category="analytics">window.heldRuns = (window.heldRuns || 0) + 1;</script>`;
  await servePage(context, env.origin, '/twice.html', scriptTagPage(JSON.stringify(config), head));
  await page.goto(`${env.origin}/twice.html`);
  await settled(page);
  assert.equal(await coreOutcome(page), 'started');
  await settle(page); // both module copies ran before the load event that goto() waited for
  assert.equal(await page.locator('#consentry-dialog').count(), 1, 'one dialog host');
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => window.heldRuns === 1);
  await settle(page);
  assert.equal(await page.evaluate(() => window.heldRuns), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

/** A page whose own script, before the stub, breaks something; then the usual markup. */
async function hostilePage(context, path, sabotage) {
  const config = { categories: { necessary: { required: true }, analytics: {} } };
  const held = '<script type="text/plain" data-category="analytics">window.heldRan = true;</script>';
  const html = scriptTagPage(JSON.stringify(config), held).replace('<head>', `<head><script>${sabotage}</script>`);
  await servePage(context, env.origin, path, html);
}

for (const [name, sabotage] of [
  ['Array.prototype.push is a no-op', 'Array.prototype.push = function () { return 0; };'],
  ['JSON.parse always says "granted"', `JSON.parse = function () { return { method: 'accept-all', categories: { analytics: true }, services: {} }; };`],
  ['document.cookie reads a forged value', `Object.defineProperty(Document.prototype, 'cookie', { configurable: true,
      get: function () { return 'consentry=1.0.a.a.AAAAAAAAAAAAAAAA.a0.AAAAAA.H'; }, set: function () {} });`],
  ['window.consentry is a read-only string', `Object.defineProperty(window, 'consentry', { value: 'mine', writable: false });`],
]) {
  test(`hostile page (${name}): nothing is granted without a choice`, async () => {
    const { context, page, errors } = await env.page();
    await hostilePage(context, '/hostile-js.html', sabotage);
    await page.goto(`${env.origin}/hostile-js.html`);
    // Whatever the core manages to do, it has done once it shows the dialog
    // or reports (fails closed with) a Consentry error.
    const failedClosed = () => errors.some((e) => e.startsWith('Consentry:'));
    if (!failedClosed()) {
      await Promise.race([
        page.waitForFunction(DIALOG_SHOWN),
        page.waitForEvent('console', (m) => m.type() === 'error' && m.text().startsWith('Consentry:')),
      ]);
    }
    await settle(page);
    // One primitive per evaluate: Playwright's own serialisation of objects
    // can depend on the builtins the page broke.
    const state = {
      heldRan: await page.evaluate(() => window.heldRan === true),
      grants: await page.evaluate(() =>
        typeof window.consentry === 'object' && window.consentry !== null && typeof window.consentry.hasConsent === 'function'
          ? window.consentry.hasConsent('analytics') === true
          : false,
      ),
      dialog: await page.evaluate(
        () => !!document.getElementById('consentry-dialog')?.shadowRoot?.querySelector('[role=dialog]'),
      ),
    };
    assert.equal(state.heldRan, false, 'no held script ran');
    assert.equal(state.grants, false, 'hasConsent is false');
    // Either it keeps working (a dialog to choose in) or it fails closed with a clear error.
    assert.ok(state.dialog || errors.some((e) => e.startsWith('Consentry:')), `${JSON.stringify(state)} ${errors}`);
    if (state.dialog) {
      await page.getByRole('button', { name: 'Reject all' }).click();
      assert.equal(await page.evaluate(() => window.heldRan === true), false, 'rejecting runs nothing');
      const grantsNow = await page.evaluate(() =>
        typeof window.consentry?.hasConsent === 'function' ? window.consentry.hasConsent('analytics') === true : false,
      );
      assert.equal(grantsNow, false, 'and grants nothing');
    }
    await context.close();
  });
}

test('the core never arrives (wasm request hangs): after the load timeout queued code hears it, nothing is released', async () => {
  const { context, page } = await env.page();
  await context.route('**/*.wasm', () => {}); // never answered
  const config = { categories: { necessary: { required: true }, analytics: {} } };
  const head = `<script type="text/plain" data-category="analytics">window.heldRan = true;</script>
    <script>window.consentry = window.consentry || [];
      consentry.push(function (api, error) { window.queued = error ? error.message : 'started'; });
    </script>`;
  await servePage(context, env.origin, '/hang.html', scriptTagPage(JSON.stringify(config), head));
  await page.goto(`${env.origin}/hang.html`);
  await page.waitForFunction(() => window.queued !== undefined, null, { timeout: 20000 });
  assert.equal(await page.evaluate(() => window.queued), 'Consentry: the core did not load in time');
  assert.equal(await page.evaluate(() => window.heldRan), undefined);
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('analytics')), false);
  await context.close();
});
