// Shared set-up for the end-to-end tests: Debian's Chromium driven by
// playwright-core against the built demo (dist/) served on 127.0.0.1.
// Nothing may leave the machine: every request to another host is aborted
// and recorded, so a test can assert that no tracker was contacted.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { serve } from '../../scripts/serve.mjs';
import { CHROMIUM_ARGS as ARGS } from '../../cli/scan/browser.mjs';

export const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots', import.meta.url));

// Chromium's flags: the same as `consentry scan` launches it with.
export { ARGS };

/** Starts the server and the browser; `close()` stops both. */
export async function start() {
  const server = await serve(DIST, 0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    origin,
    browser,
    /** A fresh context (empty cookie jar) and page; `offsite` lists aborted foreign requests. */
    async page(options = {}) {
      const context = await browser.newContext(options);
      const offsite = [];
      await context.route(
        (url) => url.origin !== origin,
        (route) => {
          offsite.push(route.request().url());
          return route.abort();
        },
      );
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      return { context, page, offsite, errors };
    },
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** The dialog inside the Shadow DOM (Playwright's CSS pierces open shadow roots). */
export const DIALOG = '#consentry-dialog [role="dialog"]';

/** Waits for the dialog to be visible and its animations (the switches'
 * transitions) finished: colours are measured and screenshots taken on the
 * settled dialog. */
export async function settled(page) {
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  await page.waitForFunction(() =>
    document
      .getElementById('consentry-dialog')
      .shadowRoot.getAnimations()
      .every((a) => a.playState === 'finished'),
  );
}

/** The wasm requests of `page` (path and query), as they are made. */
export function wasmRequests(page) {
  const urls = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.endsWith('.wasm')) urls.push(url.pathname + url.search);
  });
  return urls;
}

/** The consent cookie of the page's context, or undefined. */
export async function consentCookie(context, name = 'consentry') {
  return (await context.cookies()).find((c) => c.name === name);
}

/** An HTML page using the package by script tags, with `config` (text) and extra head markup. */
export function scriptTagPage(configText, head = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>test</title>
<script src="/consentry/consentry-stub.js"></script>
<script type="application/json" id="consentry-config">${configText}</script>
<script type="module" src="/consentry/consentry.js"></script>
${head}</head><body><h1>test page</h1></body></html>`;
}

/** Serves `html` at `path` of the test origin for this context. */
export async function servePage(context, origin, path, html) {
  await context.route(`${origin}${path}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
}

/**
 * Fake trackers for the blocking tests. Every request off the test origin is
 * recorded in the returned array as `{ url, host, path, category, fake }`
 * (`fake`: the entry of `fakes` whose `match(url: URL)` is true, or
 * undefined; `category`: its `category`). Matched requests
 * are answered with the fake's `body` (`contentType`, default JavaScript;
 * `status`, default 200); `body` and `contentType` may be functions of the URL; the rest fall through to page()'s abort (and its
 * `offsite`). Call it after env.page(): Playwright tries the route
 * registered last first. `requests.next(test)` resolves with the first
 * request (already seen or still to come) for which `test(request)` is true.
 */
export async function fakeTrackers(context, origin, fakes) {
  const requests = [];
  const waiting = [];
  requests.next = (test) =>
    new Promise((ok) => {
      const seen = requests.find(test);
      if (seen) ok(seen);
      else waiting.push({ test, ok });
    });
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      const url = new URL(route.request().url());
      const fake = fakes.find((f) => f.match(url));
      const request = { url: url.href, host: url.hostname, path: url.pathname, category: fake && fake.category, fake };
      requests.push(request);
      for (const w of waiting.filter((x) => x.test(request))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.ok(request);
      }
      if (!fake) return route.fallback();
      const answer = (v) => (typeof v === 'function' ? v(url) : v);
      return route.fulfill({
        status: fake.status || 200,
        contentType: answer(fake.contentType) || 'text/javascript',
        headers: { 'access-control-allow-origin': '*' },
        body: answer(fake.body) ?? '',
      });
    },
  );
  return requests;
}
