// The dialog's markup (js/markup.js) from the core's description of it
// (src/api/objects.rs, src/core/view.rs), in the browser with the real
// core: both layers' structure and semantics, the button order, the
// switches showing the stored choice (a service alone makes its category
// mixed), the cookie table's rows in the config's order, a right-to-left
// language. (Hostile config text: security.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIALOG, settled, scriptTagPage, servePage } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

const CONFIG = {
  privacyPolicyUrl: '/privacy?a=1&b=2',
  categories: {
    necessary: { required: true, cookies: ['consentry'] },
    analytics: {
      cookies: [{ name: '_ga', provider: 'Google', purpose: 'Visits', duration: '2 years' }],
      localStorage: [{ name: '_hjid', provider: 'Hotjar' }],
      services: { chat: { indexedDB: ['chat'] } },
    },
    marketing: { services: { fb: { title: 'Meta Pixel' }, ads: {} } },
  },
};

/** A page of `config` at `path`, its dialog shown. */
async function dialogPage(config, path) {
  const { context, page, errors } = await env.page();
  await servePage(context, env.origin, path, scriptTagPage(JSON.stringify(config)));
  await page.goto(env.origin + path);
  await settled(page);
  return { context, page, errors };
}

/** The shown layer, read from the shadow root: its dialog's attributes, buttons, switches and table rows. */
function readLayer(page) {
  return page.evaluate(() => {
    const root = document.getElementById('consentry-dialog').shadowRoot;
    const dialog = root.querySelector('[role="dialog"]');
    return {
      layer: root.querySelector('.overlay').getAttribute('data-layer'),
      attributes: Object.fromEntries(['aria-modal', 'aria-labelledby', 'aria-describedby', 'lang', 'dir'].map((a) => [a, dialog.getAttribute(a)])),
      title: root.getElementById('dialog-title').textContent,
      link: root.querySelector('#dialog-description a')?.getAttribute('href') ?? null,
      close: root.querySelector('.close-button').getAttribute('aria-label'),
      actions: [...root.querySelectorAll('.actions button')].map((b) => b.getAttribute('data-action')),
      switches: [...root.querySelectorAll('input[type="checkbox"]')].map((i) => ({
        id: i.id,
        label: root.querySelector(`label[for="${CSS.escape(i.id)}"]`).textContent,
        on: i.checked,
        locked: i.disabled,
        mixed: i.indeterminate,
      })),
      rows: [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.cells].map((td) => `${td.getAttribute('data-label')}: ${td.textContent}`)),
    };
  });
}

test('the first layer: dialog semantics, Accept all before Reject all, the escaped policy link, no switches', async () => {
  const { context, page, errors } = await dialogPage(CONFIG, '/markup-first.html');
  const first = await readLayer(page);
  assert.equal(first.layer, '1');
  assert.deepEqual(first.attributes, { 'aria-modal': 'true', 'aria-labelledby': 'dialog-title', 'aria-describedby': 'dialog-description', lang: 'en', dir: 'ltr' });
  assert.equal(first.title, 'We value your privacy');
  assert.equal(first.close, 'Close');
  assert.equal(first.link, '/privacy?a=1&b=2', 'the URL survives escaping as an attribute value');
  assert.deepEqual(first.actions, ['accept', 'reject', 'prefs']);
  assert.deepEqual(first.switches, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('reject-first swaps the two equal buttons', async () => {
  const { context, page } = await dialogPage({ categories: { a: {} }, ui: { buttonOrder: 'reject-first' } }, '/markup-order.html');
  assert.deepEqual((await readLayer(page)).actions, ['reject', 'accept', 'prefs']);
  await context.close();
});

test('the preferences layer: nothing pre-ticked, the table in the config order, then the stored choice with a mixed category', async () => {
  const { context, page, errors } = await dialogPage(CONFIG, '/markup-prefs.html');
  await page.evaluate(() => window.consentry.showPreferences());
  const before = await readLayer(page);
  assert.equal(before.layer, '2');
  assert.deepEqual(before.actions, ['save', 'accept', 'reject']);
  const state = (s) => `${s.id} ${s.label} ${s.on ? 'on' : 'off'}${s.locked ? ' locked' : ''}${s.mixed ? ' mixed' : ''}`;
  assert.deepEqual(before.switches.map(state), [
    'switch-necessary Strictly necessary Always on on locked',
    'switch-analytics Analytics off',
    'switch-analytics.chat chat off',
    'switch-marketing Marketing off',
    'switch-marketing.fb Meta Pixel off',
    'switch-marketing.ads ads off',
  ]);
  // The category's own cookies and storage first, its services' after.
  assert.deepEqual(before.rows, [
    ['Name: consentry', 'Provider: ', 'Purpose: ', 'Duration: '],
    ['Name: _ga', 'Provider: Google', 'Purpose: Visits', 'Duration: 2 years'],
    ['Name: _hjid', 'Provider: Hotjar', 'Purpose: ', 'Duration: '],
    ['Name: chat', 'Provider: ', 'Purpose: ', 'Duration: '],
  ]);
  // Only the Meta Pixel: saved, then the preferences again show the category mixed.
  const root = page.locator('#consentry-dialog');
  await root.locator('details').nth(2).locator('summary').click();
  await root.locator('label[for="switch-marketing.fb"]').click();
  await root.locator('[data-action="save"]').click();
  await page.waitForFunction(() => window.consentry.getConsent() !== null);
  await page.evaluate(() => window.consentry.showPreferences());
  await page.locator(DIALOG).waitFor();
  const after = await readLayer(page);
  assert.deepEqual(after.switches.filter((s) => s.id.startsWith('switch-marketing')).map(state), [
    'switch-marketing Marketing on mixed',
    'switch-marketing.fb Meta Pixel on',
    'switch-marketing.ads ads off',
  ]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a right-to-left language is marked on the dialog, in its own texts', async () => {
  const { context, page } = await dialogPage({ language: 'ar', categories: { analytics: {} } }, '/markup-rtl.html');
  const first = await readLayer(page);
  assert.equal(first.attributes.lang, 'ar');
  assert.equal(first.attributes.dir, 'rtl');
  assert.notEqual(first.title, 'We value your privacy');
  await context.close();
});
