// consentry/react and consentry/vue in real apps built here with Vite (as
// bundlers.test.mjs builds its apps): React 19 under StrictMode, rendered in
// the browser and on the server (react-dom/server with the visitor's
// cookie through consentry/server, then hydrated), and Vue 3.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtemp, mkdir, writeFile, symlink, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as viteBuild } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright-core';
import { ARGS, DIALOG } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = {
  categories: {
    necessary: { required: true },
    analytics: {},
    marketing: { services: { fb: { title: 'Meta Pixel' }, ads: {} } },
    embeds: { title: 'Videos' },
  },
};
const VIDEO = 'https://www.youtube-nocookie.com/embed/abc';

const APP = `import { useEffect, useRef } from 'react';
import { useConsent, ConsentGate } from 'consentry/react';

export function App() {
  const analytics = useConsent('analytics');
  const fb = useConsent('marketing', 'fb');
  const renders = useRef(0);
  renders.current++;
  useEffect(() => {
    window.__mounted = (window.__mounted || 0) + 1;
  }, []);
  return (
    <main>
      <p id="analytics">{analytics ? 'analytics on' : 'analytics off'}</p>
      <p id="fb">{fb ? 'fb on' : 'fb off'}</p>
      <ConsentGate category="marketing" fallback={<p id="fallback">marketing is off</p>}>
        <p id="gated">marketing content</p>
      </ConsentGate>
      <ConsentGate category="embeds" placeholder={{ src: '${VIDEO}', width: 320, height: 180 }}>
        <iframe id="video" title="Video" src="${VIDEO}" width="320" height="180" />
      </ConsentGate>
    </main>
  );
}
`;

const CLIENT = `import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import consentry from 'consentry';
import { setServerRecord } from 'consentry/react';
import { App } from './App.jsx';

const root = document.getElementById('root');
const app = <StrictMode><App /></StrictMode>;
if (window.__SSR__) {
  setServerRecord(window.__RECORD__);
  hydrateRoot(root, app);
} else {
  createRoot(root).render(app);
}
window.app = consentry;
consentry.init(${JSON.stringify(CONFIG)});
`;

const SERVER = `import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { readConsent } from 'consentry/server';
import { setServerRecord } from 'consentry/react';
import { App } from './App.jsx';

/** The app's HTML for a request with this Cookie header, and the record it was rendered with. */
export function render(cookieHeader, options = {}) {
  const record = readConsent(cookieHeader, ${JSON.stringify(CONFIG)});
  setServerRecord(options.forget ? null : record);
  const html = renderToString(<StrictMode><App /></StrictMode>);
  setServerRecord(null);
  return { html, record };
}
`;

const VUE = `import { createApp, h, defineComponent } from 'vue';
import consentry from 'consentry';
import { useConsent } from 'consentry/vue';

const App = defineComponent({
  setup() {
    const analytics = useConsent('analytics');
    const fb = useConsent('marketing', () => 'fb');
    return () => h('main', [
      h('p', { id: 'analytics' }, analytics.value ? 'analytics on' : 'analytics off'),
      h('p', { id: 'fb' }, fb.value ? 'fb on' : 'fb off'),
    ]);
  },
});
createApp(App).mount('#root');
window.app = consentry;
consentry.init(${JSON.stringify(CONFIG)});
`;

let dir;
let browser;
let reactOut; // the client build
let render; // the server build's render()
let vueOut;

/** A project with node_modules/{consentry → pkg/, react, react-dom, vue → the workspace's}. */
async function project(name, files) {
  const root = join(dir, name);
  await mkdir(join(root, 'node_modules'), { recursive: true });
  await symlink(join(ROOT, 'pkg'), join(root, 'node_modules', 'consentry'), 'dir');
  for (const dep of ['react', 'react-dom', 'vue']) {
    await symlink(join(ROOT, 'node_modules', dep), join(root, 'node_modules', dep), 'dir');
  }
  for (const [file, text] of Object.entries(files)) await writeFile(join(root, file), text);
  return root;
}

const quiet = { logLevel: 'silent', configFile: false };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'consentry-frameworks-'));
  const app = await project('react-app', { 'App.jsx': APP, 'client.jsx': CLIENT, 'server.jsx': SERVER });
  reactOut = join(app, 'dist');
  // React's development build: StrictMode's double effects and the
  // detailed hydration warnings exist only there.
  await viteBuild({
    ...quiet,
    root: app,
    plugins: [react()],
    define: { 'process.env.NODE_ENV': '"development"' },
    build: { minify: false, outDir: join(reactOut, 'client'), rollupOptions: { input: join(app, 'client.jsx'), output: { entryFileNames: 'client.js' } } },
  });
  // The server bundle, as a Vite SSR app makes it from an installed package:
  // dependencies stay external (a linked package, as consentry is here,
  // would be bundled, and Vite does not copy the wasm a server bundle reads).
  await viteBuild({
    ...quiet,
    root: app,
    plugins: [react()],
    ssr: { external: ['consentry'] },
    build: { outDir: join(reactOut, 'server'), ssr: join(app, 'server.jsx') },
  });
  ({ render } = await import(pathToFileURL(join(reactOut, 'server', 'server.mjs')).href));

  const vue = await project('vue-app', { 'main.js': VUE });
  vueOut = join(vue, 'dist');
  await viteBuild({ ...quiet, root: vue, build: { outDir: vueOut, rollupOptions: { input: join(vue, 'main.js'), output: { entryFileNames: 'main.js' } } } });

  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
});

after(async () => {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
});

// The stub first in <head>, as a site puts it (README); the core warns without it.
const page = (body, head = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>app</title><link rel="icon" href="data:,"><script src="/consentry-stub.js"></script>${head}</head><body>${body}</body></html>`;
const json = (value) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * Serves `out` and, at `/`, `/ssr` and `/ssr-forgetful`, the app's page:
 * rendered in the browser, or on the server for the request's Cookie header
 * (the forgetful server renders without the record while the page gets it:
 * a hydration mismatch, to show the test would see one).
 */
async function serveApp(out, script) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let body;
    if (url.pathname === '/') {
      body = page('<div id="root"></div>', `<script type="module" src="/${script}"></script>`);
    } else if (url.pathname === '/ssr' || url.pathname === '/ssr-forgetful') {
      const { html, record } = render(req.headers.cookie, { forget: url.pathname !== '/ssr' });
      const data = `<script>window.__SSR__ = true; window.__RECORD__ = ${json(record)};</script>`;
      body = page(`<div id="root">${html}</div>`, `${data}<script type="module" src="/${script}"></script>`);
    }
    if (body) return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    // The stub and its fast path's script, copied to the app's static folder as README says.
    const copied = ['/consentry-stub.js', '/consentry-fast.js'].includes(url.pathname);
    const file = copied ? join(ROOT, 'pkg', url.pathname.slice(1)) : normalize(join(out, url.pathname));
    if (!file.startsWith(out) && !copied) return res.writeHead(403).end();
    const type = file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.json') ? 'application/json' : 'text/javascript';
    readFile(file).then(
      (bytes) => res.writeHead(200, { 'content-type': type }).end(bytes),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/** A fresh context on `origin`: requests elsewhere are aborted and listed; console errors and warnings kept. */
async function visit(origin) {
  const context = await browser.newContext();
  const offsite = [];
  await context.route((url) => url.origin !== origin, (route) => (offsite.push(route.request().url()), route.abort()));
  const tab = await context.newPage();
  const messages = [];
  tab.on('pageerror', (e) => messages.push(String(e)));
  // Aborted embeds log a failed load; everything else counts.
  tab.on('console', (m) => ['error', 'warning'].includes(m.type()) && !/net::ERR_FAILED/.test(m.text()) && messages.push(m.text()));
  return { context, tab, offsite, messages };
}

/** Runs `fn(visit)` on the app in `out` served by serveApp, in a fresh context; closes both after. */
async function inApp(out, script, fn) {
  const { server, origin } = await serveApp(out, script);
  const v = await visit(origin);
  try {
    await fn({ ...v, origin });
  } finally {
    await v.context.close();
    await new Promise((ok) => server.close(ok));
  }
}

const text = (tab, selector) => tab.locator(selector).textContent();
const ready = (tab) => tab.waitForFunction(() => window.app && typeof window.app.getConsent === 'function').then(() =>
  tab.evaluate(() => new Promise((ok) => window.app.push(() => ok()))));

test('React: useConsent flips on accept without a reload; <ConsentGate> shows its content only after the grant (StrictMode)', async () => {
  await inApp(join(reactOut, 'client'), 'client.js', async ({ tab, offsite, messages, origin }) => {
    await tab.goto(`${origin}/`);
    await tab.locator(DIALOG).waitFor({ state: 'visible' });
    await ready(tab);
    assert.equal(await text(tab, '#analytics'), 'analytics off');
    assert.equal(await text(tab, '#fb'), 'fb off');
    assert.equal(await tab.locator('#gated').count(), 0);
    assert.equal(await text(tab, '#fallback'), 'marketing is off');
    // The embed's gate shows the page's own placeholder, once (StrictMode mounted it twice).
    const placeholder = tab.locator('[data-consentry-gate] [data-consentry-placeholder]');
    await placeholder.waitFor();
    assert.equal(await placeholder.count(), 1);
    assert.match(await placeholder.locator('p').textContent(), /youtube-nocookie\.com/);
    assert.equal(await tab.locator('#video').count(), 0);
    assert.deepEqual(offsite, [], 'nothing held is requested before a choice');
    assert.equal(await tab.evaluate(() => window.__mounted), 2, 'StrictMode ran the effects twice');

    await tab.evaluate(() => (window.__samePage = true));
    await tab.getByRole('button', { name: 'Accept all' }).click();
    await tab.locator('#gated').waitFor();
    assert.equal(await text(tab, '#analytics'), 'analytics on');
    assert.equal(await text(tab, '#fb'), 'fb on');
    assert.equal(await tab.locator('#fallback').count(), 0);
    await tab.locator('#video').waitFor({ state: 'attached' });
    assert.equal(await tab.locator('#video').count(), 1);
    assert.equal(await tab.locator('[data-consentry-placeholder]').count(), 0);
    assert.equal(await tab.evaluate(() => window.__samePage), true, 'no reload');

    // Withdrawn: the gate hides its content again, at once.
    await tab.evaluate(() => window.app.optOut(['marketing']));
    await tab.locator('#fallback').waitFor();
    assert.equal(await tab.locator('#gated').count(), 0);
    assert.equal(await text(tab, '#fb'), 'fb off');
    assert.equal(await text(tab, '#analytics'), 'analytics on');
    assert.deepEqual(messages, []);
  });
});

test("React: the gate's placeholder gives the markup path's contextual consent (Load once, Always allow)", async () => {
  await inApp(join(reactOut, 'client'), 'client.js', async ({ tab, messages, origin }) => {
    await tab.goto(`${origin}/`);
    await ready(tab);
    await tab.getByRole('button', { name: 'Reject all' }).click();
    const placeholder = tab.locator('[data-consentry-gate] [data-consentry-placeholder]');
    await placeholder.getByRole('button', { name: /Load/ }).click();
    await tab.locator('#video').waitFor({ state: 'attached' });
    assert.equal(await tab.locator('#video').count(), 1);
    assert.equal(await tab.evaluate(() => window.app.hasConsent('embeds')), false, 'Load once records nothing');

    await tab.reload();
    await ready(tab);
    await placeholder.getByRole('button', { name: /Always allow/ }).click();
    await tab.locator('#video').waitFor({ state: 'attached' });
    assert.equal(await tab.evaluate(() => window.app.hasConsent('embeds')), true);
    assert.equal(await tab.locator('[data-consentry-placeholder]').count(), 0);
    assert.deepEqual(messages, []);
  });
});

test('React SSR: renderToString with the visitor cookie, then hydration without a mismatch', async () => {
  await inApp(join(reactOut, 'client'), 'client.js', async ({ context, tab, messages, origin }) => {
    // A first visit rendered on the server: nothing granted, hydrated quietly.
    const first = await (await fetch(`${origin}/ssr`)).text();
    assert.match(first, /analytics off/);
    assert.doesNotMatch(first, /marketing content/);
    await tab.goto(`${origin}/ssr`);
    await ready(tab);
    assert.equal(await text(tab, '#analytics'), 'analytics off');
    await tab.getByRole('button', { name: 'Accept all' }).click();
    await tab.locator('#gated').waitFor();

    // The next request carries the cookie: the server renders the granted
    // content, and the page hydrates to the same markup before and after the
    // core starts.
    const cookie = (await context.cookies()).find((c) => c.name === 'consentry');
    assert.ok(cookie, 'the page stored its choice');
    const { html, record } = render(`consentry=${cookie.value}`);
    assert.equal(record.method, 'accept-all');
    assert.match(html, /analytics on/);
    assert.match(html, /marketing content/);
    assert.match(html, /id="video"/);
    await tab.goto(`${origin}/ssr`);
    await ready(tab);
    assert.equal(await text(tab, '#analytics'), 'analytics on');
    assert.equal(await text(tab, '#gated'), 'marketing content');
    assert.equal(await tab.locator('#video').count(), 1);
    assert.equal(await tab.locator(DIALOG).count(), 0, 'a returning visitor sees no dialog');
    // Hydration has committed once the app's effects ran (twice: StrictMode);
    // React reports a mismatch before that.
    await tab.waitForFunction(() => window.__mounted === 2);
    assert.deepEqual(messages, [], 'no hydration warnings');

    // The control: a server that renders without the record makes React
    // report the mismatch, so the check above would have seen one.
    await tab.goto(`${origin}/ssr-forgetful`);
    await ready(tab);
    await tab.waitForFunction(() => window.__mounted >= 2);
    assert.ok(messages.some((m) => /hydrat/i.test(m)), `React reported: ${messages.join(' | ')}`);
  });
});

test('Vue: useConsent is reactive on accept and on opt-out', async () => {
  // The Vue app's bundle carries neither React nor the React adapter.
  const bundle = await readFile(join(vueOut, 'main.js'), 'utf8');
  assert.doesNotMatch(bundle, /useSyncExternalStore|data-consentry-gate/);
  await inApp(vueOut, 'main.js', async ({ tab, messages, origin }) => {
    await tab.goto(`${origin}/`);
    await ready(tab);
    assert.equal(await text(tab, '#analytics'), 'analytics off');
    assert.equal(await text(tab, '#fb'), 'fb off');
    await tab.getByRole('button', { name: 'Accept all' }).click();
    await tab.waitForFunction(() => document.querySelector('#analytics').textContent === 'analytics on');
    assert.equal(await text(tab, '#fb'), 'fb on');
    await tab.evaluate(() => window.app.optOut(['analytics']));
    await tab.waitForFunction(() => document.querySelector('#analytics').textContent === 'analytics off');
    assert.equal(await text(tab, '#fb'), 'fb on');
    await tab.evaluate(() => window.app.optOut());
    await tab.waitForFunction(() => document.querySelector('#fb').textContent === 'fb off');
    assert.deepEqual(messages, []);
  });
});
