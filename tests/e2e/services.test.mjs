// Known services and web storage on the page (issue 19): a config that only
// names catalogue services, expanded by `consentry services`, shows every
// cookie of those services in the preferences layer and deletes them when
// their category is withdrawn; localStorage, sessionStorage and IndexedDB
// entries of a withdrawn category go, those of granted ones stay.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { start, DIALOG, scriptTagPage, servePage } from './harness.mjs';
import { settle } from './signals.mjs';
import { loadCatalogue } from '../../cli/services.mjs';
import { NAMED_ONLY } from './services-fixtures.mjs';

const BIN = fileURLToPath(new URL('../../bin/consentry.mjs', import.meta.url));
const catalogue = loadCatalogue();

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

const READY = () => window.consentry && typeof window.consentry.on === 'function' && window.__ready === true;
const MARK_READY = `<script>window.consentry = window.consentry || [];
  consentry.push(function (api) { window.__ready = true; });</script>`;

/** `config` expanded by the command itself, as a site's build would run it. */
function expandedByTheCli(config) {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [BIN, 'services', '-'], (error, stdout, stderr) =>
      error ? reject(new Error(stderr)) : resolve(stdout),
    );
    child.stdin.end(JSON.stringify(config));
  });
}

/** The preferences layer's table rows, per category: [name, provider, purpose, duration]. */
function tableRows(page) {
  return page.evaluate(() => {
    const root = document.getElementById('consentry-dialog').shadowRoot;
    const rows = {};
    for (const item of root.querySelectorAll('li')) {
      const toggle = item.querySelector('input[id^="switch-"]:not([id*="."])');
      if (!toggle) continue;
      rows[toggle.id.slice('switch-'.length)] = [...item.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.cells].map((td) => td.textContent),
      );
    }
    return rows;
  });
}

const cookieNames = async (context) => (await context.cookies()).map((c) => c.name).sort();

test('services named only, expanded by the CLI: the full cookie table, and the cookies deleted on withdrawal', async () => {
  const configText = await expandedByTheCli(NAMED_ONLY);
  const { context, page, errors } = await env.page();
  await servePage(context, env.origin, '/services.html', scriptTagPage(configText, MARK_READY));
  // First-party cookies as the four services set them, and one nobody declares.
  const seeded = [
    'wordpress_logged_in_5f2a', 'wp-settings-1', 'wp_lang',
    '_ga', '_ga_ABC123', '_gid',
    '_ym_uid', '_ym_d', '_ym_isad',
    '_fbp', '_fbc',
    'theme',
  ];
  await context.addCookies(seeded.map((name) => ({ name, value: '1', url: env.origin })));
  await page.goto(`${env.origin}/services.html`);
  await page.waitForFunction(READY);
  await page.evaluate(() => window.consentry.showPreferences());
  await page.locator(DIALOG).waitFor({ state: 'visible' });

  const rows = await tableRows(page);
  const expected = (...keys) =>
    keys.flatMap((key) => catalogue[key].cookies.map((c) => [c.name, catalogue[key].provider, c.purpose, c.duration || '']));
  assert.deepEqual(rows.necessary, expected('wordpress'));
  assert.deepEqual(rows.analytics, expected('google-analytics', 'yandex-metrica'));
  assert.deepEqual(rows.marketing, expected('meta-pixel'));
  assert.ok(rows.necessary.some((r) => r[0] === 'wordpress_logged_in_*'));
  assert.ok(rows.marketing.some((r) => r[0] === 'fr'));
  // The services' switches carry the catalogue's titles.
  const root = page.locator('#consentry-dialog');
  for (const title of ['WordPress core', 'Google Analytics', 'Yandex Metrica', 'Meta Pixel']) {
    assert.equal(await root.getByText(title, { exact: true }).count(), 1, title);
  }

  await page.evaluate(() => window.consentry.acceptAll());
  assert.deepEqual(await cookieNames(context), [...seeded, 'consentry'].sort(), 'accepting deletes nothing');
  await page.evaluate(() => window.consentry.optOut(['analytics']));
  assert.deepEqual(
    await cookieNames(context),
    ['_fbc', '_fbp', 'consentry', 'theme', 'wordpress_logged_in_5f2a', 'wp-settings-1', 'wp_lang'],
    'Google Analytics and Yandex Metrica cookies gone',
  );
  await page.evaluate(() => window.consentry.optOut());
  assert.deepEqual(
    await cookieNames(context),
    ['consentry', 'theme', 'wordpress_logged_in_5f2a', 'wp-settings-1', 'wp_lang'],
    "Meta Pixel's gone too; WordPress's necessary cookies and the undeclared one stay",
  );
  assert.deepEqual(errors, []);
  await context.close();
});

const STORAGE_CONFIG = {
  categories: {
    necessary: { required: true, localStorage: ['cart'] },
    analytics: {
      localStorage: ['_hjid*'],
      sessionStorage: [{ name: 'mp_*', provider: 'Mixpanel', purpose: 'Session', duration: 'session' }],
      indexedDB: ['firebase-*'],
    },
    marketing: { services: { pixel: { localStorage: ['_fbq*'], indexedDB: ['ads-db'] } } },
  },
};

/** Writes the entries every category declares, and some nobody does. */
function seed(page) {
  return page.evaluate(async () => {
    for (const key of ['cart', '_hjid', '_hjidSession', '_fbq_x', 'theme', 'mp_abc']) localStorage.setItem(key, '1');
    for (const key of ['mp_abc', 'mp_def', '_hjid', 'tab']) sessionStorage.setItem(key, '1');
    for (const name of ['firebase-heartbeat', 'firebase-installations', 'ads-db', 'site-cache']) {
      await new Promise((ok, fail) => {
        const open = indexedDB.open(name);
        open.onupgradeneeded = () => open.result.createObjectStore('s');
        open.onsuccess = () => ok(open.result.close());
        open.onerror = () => fail(open.error);
      });
    }
  });
}

/** What the page holds: `{ local, session, databases }`, names sorted. */
function held(page) {
  return page.evaluate(async () => ({
    // (Not Consentry's own note of the decision, `consentry`: docs/fast-path.md.)
    local: Object.keys(localStorage).filter((k) => k !== 'consentry').sort(),
    session: Object.keys(sessionStorage).sort(),
    databases: (await indexedDB.databases()).map((d) => d.name).sort(),
  }));
}

/**
 * Resolves once none of `local` is a localStorage key, none of `session` a
 * sessionStorage key and none of `databases` an IndexedDB database (their
 * deletion completes asynchronously); fails after 5 s.
 */
async function gone(page, { local = [], session = [], databases = [] }) {
  await page.waitForFunction(
    ([local, session]) =>
      local.every((k) => localStorage.getItem(k) === null) && session.every((k) => sessionStorage.getItem(k) === null),
    [local, session],
  );
  await page.evaluate(async (databases) => {
    const deadline = Date.now() + 5000;
    while ((await indexedDB.databases()).some((d) => databases.includes(d.name))) {
      if (Date.now() > deadline) throw new Error(`still there: ${databases}`);
      await new Promise((ok) => setTimeout(ok, 20));
    }
  }, databases);
}

test('localStorage, sessionStorage and IndexedDB of a withdrawn category go after optOut(); granted ones stay', async () => {
  const { context, page, errors } = await env.page();
  await servePage(context, env.origin, '/storage.html', scriptTagPage(JSON.stringify(STORAGE_CONFIG), MARK_READY));
  const chunks = [];
  page.on('request', (r) => r.url().endsWith('/consentry-storage.js') && chunks.push(r.url()));
  await page.goto(`${env.origin}/storage.html`);
  await page.waitForFunction(READY);
  await page.evaluate(() => window.consentry.acceptAll());
  await seed(page);
  const all = await held(page);
  assert.deepEqual(all, {
    local: ['_fbq_x', '_hjid', '_hjidSession', 'cart', 'mp_abc', 'theme'],
    session: ['_hjid', 'mp_abc', 'mp_def', 'tab'],
    databases: ['ads-db', 'firebase-heartbeat', 'firebase-installations', 'site-cache'],
  });

  await page.evaluate(() => window.consentry.optOut(['analytics']));
  await gone(page, {
    local: ['_hjid', '_hjidSession'],
    session: ['mp_abc', 'mp_def'],
    databases: ['firebase-heartbeat', 'firebase-installations'],
  });
  await settle(page);
  assert.deepEqual(await held(page), {
    // A sessionStorage pattern does not reach localStorage, nor the other way round.
    local: ['_fbq_x', 'cart', 'mp_abc', 'theme'],
    session: ['_hjid', 'tab'],
    databases: ['ads-db', 'site-cache'],
  });

  await page.evaluate(() => window.consentry.optOut());
  await gone(page, { local: ['_fbq_x'], databases: ['ads-db'] });
  await settle(page);
  assert.deepEqual(await held(page), { local: ['cart', 'mp_abc', 'theme'], session: ['_hjid', 'tab'], databases: ['site-cache'] });
  assert.equal(chunks.length, 1, 'the storage chunk is fetched once');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a returning visitor who refused: entries written before the start are deleted at the start', async () => {
  const { context, page, errors } = await env.page();
  await servePage(context, env.origin, '/storage.html', scriptTagPage(JSON.stringify(STORAGE_CONFIG), MARK_READY));
  await page.goto(`${env.origin}/storage.html`);
  await page.waitForFunction(READY);
  await page.evaluate(() => window.consentry.rejectAll());
  // A script that runs before Consentry on the next page writes its keys again.
  await context.addInitScript(() => {
    localStorage.setItem('_hjid', '1');
    localStorage.setItem('_fbq_x', '1');
    localStorage.setItem('cart', '1');
  });
  await page.reload();
  await page.waitForFunction(READY);
  await gone(page, { local: ['_hjid', '_fbq_x'] });
  assert.deepEqual((await held(page)).local, ['cart']);
  assert.equal(await page.locator(DIALOG).count(), 0, 'no dialog: the choice stands');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a config without storage never fetches the storage chunk', async () => {
  const { context, page, errors } = await env.page();
  await servePage(context, env.origin, '/plain.html', scriptTagPage(JSON.stringify({ categories: { necessary: { required: true }, analytics: { cookies: ['_ga'] } } }), MARK_READY));
  const chunks = [];
  page.on('request', (r) => r.url().includes('consentry-storage') && chunks.push(r.url()));
  await page.goto(`${env.origin}/plain.html`);
  await page.waitForFunction(READY);
  await page.evaluate(() => window.consentry.acceptAll());
  await page.evaluate(() => window.consentry.optOut());
  await settle(page);
  assert.deepEqual(chunks, []);
  assert.deepEqual(errors, []);
  await context.close();
});
