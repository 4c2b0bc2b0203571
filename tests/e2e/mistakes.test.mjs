// A newcomer's mistakes (issue 20): each one gets exactly one console
// message that names it and says the fix; a correct page gets none and
// never fetches the diagnostics chunk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIALOG, fakeTrackers, scriptTagPage, servePage } from './harness.mjs';
import { settle } from './signals.mjs';

const CONFIG = { categories: { necessary: { required: true }, analytics: {}, marketing: {} } };
const STUB = '<script src="/consentry/consentry-stub.js"></script>';
const MODULE = '<script type="module" src="/consentry/consentry.js"></script>';
const configTag = (text, id = 'consentry-config') => `<script type="application/json" id="${id}">${text}</script>`;
const html = (head, body = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>mistake</title>${head}</head><body><h1>page</h1>${body}</body></html>`;

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

/**
 * Opens `page` (HTML) and collects the console's Consentry messages. Waits
 * for one matching `expected` (or, without it, for the dialog), then
 * settles, and returns every Consentry message with the page's
 * requests for the diagnostics chunk.
 */
async function messagesOf(pageHtml, { expected, fakes = [], then } = {}) {
  const { context, page } = await env.page();
  const requests = await fakeTrackers(context, env.origin, fakes);
  const messages = [];
  page.on('console', (m) => m.text().startsWith('Consentry:') && messages.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  const chunk = [];
  page.on('request', (r) => r.url().includes('consentry-diagnostics') && chunk.push(r.url()));
  await servePage(context, env.origin, '/mistake.html', pageHtml);
  const said = expected && page.waitForEvent('console', { predicate: (m) => expected.test(m.text()), timeout: 10000 });
  await page.goto(`${env.origin}/mistake.html`);
  if (said) await said;
  else await page.locator(DIALOG).waitFor({ state: 'visible' });
  if (then) await then(page);
  await settle(page);
  await context.close();
  return { messages, chunk, requests };
}

/** Exactly one Consentry message, matching each of `patterns`. */
function one(messages, ...patterns) {
  assert.equal(messages.length, 1, JSON.stringify(messages, null, 1));
  for (const pattern of patterns) assert.match(messages[0], pattern);
}

test('a correct page says nothing and never fetches the diagnostics chunk', async () => {
  const body = '<script type="text/plain" data-category="analytics">window.ran = 1</script>';
  const { messages, chunk } = await messagesOf(html(STUB + configTag(JSON.stringify(CONFIG)) + MODULE, body));
  assert.deepEqual(messages, []);
  assert.deepEqual(chunk, []);
});

test('data-category naming no category: one message with the categories and "did you mean"', async () => {
  const body =
    '<script type="text/plain" data-category="analytcs">window.ran = 1</script>' +
    '<img data-category="statistics" data-src="/pixel.gif" alt="">';
  const { messages, chunk } = await messagesOf(html(STUB + configTag(JSON.stringify(CONFIG)) + MODULE, body), {
    expected: /names no category/,
  });
  assert.equal(chunk.length, 1, 'the chunk is fetched once');
  assert.equal(messages.length, 2, JSON.stringify(messages, null, 1));
  assert.match(messages[0], /<script type="text\/plain" data-category="analytcs"> names no category of the config, so it never loads \(did you mean "analytics"\?\); the categories are necessary, analytics, marketing/);
  assert.match(messages[1], /<img data-category="statistics" data-src="\/pixel.gif"> names no category of the config, so it never loads; the categories are necessary, analytics, marketing/);
});

test('a typo in the config\'s category key: the held element says which key it meant', async () => {
  const config = { categories: { necessary: { required: true }, analytcs: {} } };
  const body = '<script type="text/plain" data-category="analytics">window.ran = 1</script>';
  const { messages } = await messagesOf(html(STUB + configTag(JSON.stringify(config)) + MODULE, body), {
    expected: /names no category/,
  });
  one(messages, /data-category="analytics"> names no category of the config, so it never loads \(did you mean "analytcs"\?\)/);
});

test('a data-category script without type="text/plain": it ran at once, and the fix', async () => {
  const body = '<script data-category="analytics">window.ran = 1</script>';
  const { messages } = await messagesOf(html(STUB + configTag(JSON.stringify(CONFIG)) + MODULE, body), {
    expected: /ran at once/,
  });
  one(messages, /^warning: Consentry: <script data-category="analytics"> ran at once, before consent: a held script needs type="text\/plain"/);
});

test('no config tag: not started, said once the page has loaded', async () => {
  const { messages } = await messagesOf(html(STUB + MODULE), { expected: /not started/ });
  one(messages, /Consentry: not started: the page has no <script type="application\/json" id="consentry-config"> and nothing called init\(config\)/);
});

test('a config tag with a wrong id: named, with the id it needs', async () => {
  const { messages } = await messagesOf(html(STUB + configTag(JSON.stringify(CONFIG), 'consentry-cfg') + MODULE), {
    expected: /not started/,
  });
  one(messages, /<script id="consentry-cfg" type="application\/json"> looks like the config: give it id="consentry-config"/);
});

test('no stub: the stub-missing warning says what it lets through and the fix for bundlers', async () => {
  const { messages } = await messagesOf(html(configTag(JSON.stringify(CONFIG)) + MODULE), { expected: /stub did not run first/ });
  one(
    messages,
    /the stub did not run first: without consentry-stub.js, the scripts, images, iframes and requests that page code adds load before consent/,
    /consentry\/vite or consentry\/webpack plugin/,
  );
});

test('the stub after the module: named, with the fix', async () => {
  // The stub given type="module" (what Vite's build error suggests) after
  // the module: modules run in document order, so the core came first.
  const head = configTag(JSON.stringify(CONFIG)) + MODULE + STUB.replace('<script', '<script type="module"');
  const { messages } = await messagesOf(html(head), { expected: /ran after consentry.js/ });
  one(messages, /consentry-stub.js ran after consentry.js, so the core could not take it over/, /Make the stub the first script/);
});

test('the stub after a tracker loader: the tracker is named', async () => {
  const tracker = 'https://www.googletagmanager.com/gtag/js?id=G-TEST';
  const fakes = [{ match: (url) => url.href === tracker, body: 'window.gtagLoaded = true;' }];
  const head = `<script src="${tracker}"></script>` + STUB + configTag(JSON.stringify(CONFIG)) + MODULE;
  const { messages } = await messagesOf(html(head), { expected: /loaded before consentry-stub.js ran/, fakes });
  one(messages, new RegExp(`loaded before consentry-stub.js ran, so before consent: ${tracker.replace(/[?.]/g, '\\$&')} \\((analytics|marketing)\\)`));
});

test('consentry.js as a classic script: the browser\'s own error, then the stub says the fix', async () => {
  const { context, page } = await env.page();
  // The stub waits 15 s for the core: the page's clock skips them.
  await page.clock.install();
  const messages = [];
  page.on('console', (m) => m.text().startsWith('Consentry:') && messages.push(`${m.type()}: ${m.text()}`));
  await servePage(context, env.origin, '/mistake.html', html(STUB + configTag(JSON.stringify(CONFIG)) + '<script src="/consentry/consentry.js"></script>'));
  const error = page.waitForEvent('pageerror');
  await page.goto(`${env.origin}/mistake.html`);
  assert.match((await error).message, /import\.meta|Unexpected token 'export'|outside a module/);
  const said = page.waitForEvent('console', { predicate: (m) => m.text().startsWith('Consentry:') });
  await page.clock.runFor(15000);
  await said;
  one(messages, /^error: Consentry: consentry\.js never ran/, /<script type=module>/);
  await context.close();
});

test('an invalid config: one error at line:column, then actions say the config is invalid', async () => {
  const text = '{\n  "categories": {\n    "necessary": { "required": true }\n    "analytics": {}\n  }\n}';
  const { messages } = await messagesOf(html(STUB + configTag(text) + MODULE), {
    expected: /invalid config/,
    then: async (page) => {
      const after = await page.evaluate(() => {
        const out = { granted: window.consentry.hasConsent('analytics') };
        try {
          window.consentry.acceptAll();
        } catch (e) {
          out.accept = `${e.code}: ${e.message}`;
        }
        return out;
      });
      assert.deepEqual(after, { granted: false, accept: 'config-invalid: Consentry: the config is invalid: see the error above' });
    },
  });
  one(messages, /^error: Consentry: invalid config, all optional categories stay denied:\n {2}- not valid JSON \(expected ',' or '}' at line 4, column 5\)$/);
});

test('an invalid value: the API answers false and its actions point at the error', async () => {
  const config = { ...CONFIG, ui: { layout: 'popup' } };
  const { messages } = await messagesOf(html(STUB + configTag(JSON.stringify(config)) + MODULE), {
    expected: /invalid config/,
    then: async (page) => {
      const message = await page.evaluate(() => {
        try {
          window.consentry.showPreferences();
        } catch (e) {
          return e.message;
        }
      });
      assert.equal(message, 'Consentry: the config is invalid: see the error above');
    },
  });
  one(messages, /ui\.layout/);
});

test('unknown options: "did you mean" and the options there', async () => {
  const config = { ...CONFIG, privacyPolicyURL: '/privacy', ui: { layot: 'bar' } };
  const { messages } = await messagesOf(html(STUB + configTag(JSON.stringify(config)) + MODULE), { expected: /layot/ });
  assert.equal(messages.length, 2, JSON.stringify(messages, null, 1));
  assert.match(messages[0], /^warning: Consentry: config privacyPolicyURL: unknown option, ignored \(did you mean "privacyPolicyUrl"\?\); options here: revision, cookie, categories/);
  assert.match(messages[1], /^warning: Consentry: config ui\.layot: unknown option, ignored \(did you mean "layout"\?\); options here: layout, colorScheme/);
});

test('a privacyPolicyUrl that starts with www. but has no scheme', async () => {
  const config = { ...CONFIG, privacyPolicyUrl: 'www.example.com/privacy' };
  const { messages } = await messagesOf(html(STUB + configTag(JSON.stringify(config)) + MODULE), { expected: /privacyPolicyUrl/ });
  one(messages, /config privacyPolicyUrl: has no scheme, so it is a path on this site; for another site add https:\/\//);
});

test('the stub\'s queue answers hasConsent (false) before the core has started', async () => {
  const { context, page } = await env.page();
  // No module at all: the queue is all there is.
  await servePage(context, env.origin, '/queue.html', html(STUB + '<script>window.early = window.consentry.hasConsent("analytics"); window.consentry.push(function () {});</script>'));
  await page.goto(`${env.origin}/queue.html`);
  assert.deepEqual(await page.evaluate(() => [window.early, Array.isArray(window.consentry), window.consentry.length]), [false, true, 1]);
  await context.close();
});

test('hasConsent with an unknown category: once, with "did you mean"', async () => {
  const { messages } = await messagesOf(scriptTagPage(JSON.stringify(CONFIG)), {
    then: async (page) => {
      const said = page.waitForEvent('console', { predicate: (m) => /analytic/.test(m.text()), timeout: 10000 });
      await page.evaluate(() => [1, 2].forEach(() => window.consentry.hasConsent('analytic')));
      await said;
    },
  });
  one(messages, /hasConsent\(\): unknown category "analytic" \(did you mean "analytics"\?\); answering false/);
});

test('init() with an invalid config rejects with every problem in full sentences (the page wasm carries codes for them)', async () => {
  const config = { revision: -1, cookie: { name: 5 }, categories: { necessary: { required: 'yes' }, '9x': {} }, ui: { layout: 'popup' } };
  const page = `<script type="module">
    import consentry from '/consentry/consentry.js';
    consentry.init(${JSON.stringify(config)}).catch((e) => { window.rejected = e.code + ': ' + e.message; });
  </script>`;
  let rejected;
  const { messages } = await messagesOf(html(STUB + page), {
    expected: /invalid config/,
    then: async (p) => {
      rejected = await p.waitForFunction(() => window.rejected).then((h) => h.jsonValue());
    },
  });
  const expected = [
    'Consentry: invalid config, all optional categories stay denied:',
    '  - revision: must be a whole number from 0 to 4294967295',
    '  - cookie.name: must be a string, not a number',
    '  - categories.necessary.required: must be true or false',
    '  - categories.9x: must start with a letter and hold only letters, digits, _ and - (at most 40)',
    '  - ui.layout: must be "box", "bar" or "modal"',
  ].join('\n');
  assert.equal(rejected, `config-invalid: ${expected}`);
  assert.deepEqual(messages, [`error: ${expected}`]);
});
