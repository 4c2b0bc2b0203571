// Shared set-up for the end-to-end tests: Debian's Chromium driven by
// playwright-core against the built demo (dist/) served on 127.0.0.1.
// Nothing may leave the machine: every request to another host is aborted
// and recorded, so a test can assert that no tracker was contacted.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { serve } from '../../scripts/serve.mjs';

export const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots', import.meta.url));

const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

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

/** The consent cookie of the page's context, or undefined. */
export async function consentCookie(context, name = 'consentry') {
  return (await context.cookies()).find((c) => c.name === name);
}
