// One measured run of one product on one page, in a fresh browser context:
// first visit (dialog visible, blocking time, bytes), "Accept all" → held
// scripts ran, the consent lookup's calls per second, returning visit. With
// `throttle` > 1 the page's CPU is slowed down that many times through CDP
// (Emulation.setCPUThrottlingRate, set on a CDP session of the page before
// the first navigation; it holds for the returning visit too). Requests to
// other origins go to the fake third parties (thirdparty.mjs, started by
// run.mjs), which count them per phase. Used by run.mjs.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { TEXTS } from './pages.mjs';

export const TIMEOUT = 15_000; // per wait; a product that takes longer fails that run
export const LOOP_MS = 200; // length of the timed hasConsent() loop
export const RETURN_GRACE_MS = 500; // how long after the held scripts ran a returning visit may still show a dialog
// A person reads the dialog before clicking; some products are not ready for
// a click the moment it shows (tarteaucitron attaches its button handlers
// 500 ms after inserting the banner). Every product is clicked this long
// after its dialog was first seen visible.
export const READ_MS = 1000;

// Metrics: key, heading, unit, and whether more is better (for the ratio's reading).
export const METRICS = [
  { key: 'bytesGzip', title: 'first-visit bytes, gzip -9', unit: 'B', digits: 0 },
  { key: 'bytesBrotli', title: 'first-visit bytes, brotli 11', unit: 'B', digits: 0 },
  { key: 'dialogVisibleMs', title: 'navigation → dialog visible', unit: 'ms', digits: 1 },
  { key: 'blockingMs', title: 'blocking time until then', unit: 'ms', digits: 1 },
  { key: 'acceptToScriptsMs', title: 'click "Accept all" → held scripts ran', unit: 'ms', digits: 1 },
  { key: 'hasConsentPerSec', title: 'hasConsent() calls per second', unit: '/s', digits: 0, higherIsBetter: true },
  { key: 'returningMs', title: 'returning visit: navigation → held scripts ran', unit: 'ms', digits: 1 },
  { key: 'domContentLoadedMs', title: '(context) first visit: DOMContentLoaded', unit: 'ms', digits: 1, context: true },
];

/**
 * Runs in every document before its own scripts (addInitScript). Watches
 * for the product's dialog once per rendering update (requestAnimationFrame)
 * and notes the first update in which it is rendered and visible; records
 * long tasks and the time of the first click, all in page time (ms since
 * navigation start).
 */
export function instrument({ shadowHost, dialog }) {
  const bench = (window.__bench = { visibleAt: null, clickAt: null, longtasks: [], target: { shadowHost, dialog } });
  const find = () => {
    const root = shadowHost ? document.querySelector(shadowHost)?.shadowRoot : document;
    return root ? root.querySelector(dialog) : null;
  };
  // Rendered, not hidden by display/visibility/opacity 0 (on it or an
  // ancestor), with a box that overlaps the viewport.
  const visible = (el) => {
    if (!el || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  };
  // A rAF callback runs in the rendering update that paints the frame, so
  // the first callback that sees the dialog visible is the first frame with
  // it. performance.now() there is at or after every task that changed it.
  const frame = () => {
    if (visible(find())) {
      bench.visibleAt = performance.now();
      return; // seen: stop polling
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longtasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  // Capture phase on window: sees the click before any product's handler.
  addEventListener('click', (e) => bench.clickAt ??= e.timeStamp, true);
}

/** Runs `make()` (the product's lookup) in a tight loop for LOOP_MS, after a short warm-up. */
function lookupLoop([make, ms]) {
  const ask = make();
  const run = (limit) => {
    let calls = 0;
    let yes = 0;
    const start = performance.now();
    let now = start;
    while (now - start < limit) {
      for (let i = 0; i < 1000; i++) if (ask()) yes++;
      calls += 1000;
      now = performance.now();
    }
    return { perSecond: calls / ((now - start) / 1000), allTrue: yes === calls };
  };
  run(ms / 4); // warm-up: let the JIT settle, not counted
  return run(ms);
}

// `gzip -9` itself (GNU gzip, as the budget figures were taken);
// zlib's level 9 differs from it by a few bytes per file. zlib if no gzip.
function gzip9(body) {
  try {
    return execFileSync('gzip', ['-9', '-n', '-c'], { input: body, maxBuffer: 64 << 20 }).length;
  } catch {
    gzipTool = 'node zlib level 9 (no gzip on PATH)';
    return gzipSync(body, { level: 9 }).length;
  }
}
export let gzipTool = 'GNU gzip -9 -n';

// gzip -9 and brotli 11 sizes of a served file (its bytes as served), computed once per path.
const sizes = new Map();
async function sizeOf(siteDir, path) {
  if (!sizes.has(path)) {
    const body = await readFile(join(siteDir, path));
    sizes.set(path, {
      raw: body.length,
      gzip: gzip9(body),
      brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return sizes.get(path);
}

/**
 * One run of `product` on `page` ('small' or 'shop') in a fresh context of
 * `browser`, its CPU slowed `throttle` times: first visit, accept, lookups,
 * returning visit.
 */
export async function runOnce(browser, origin, siteDir, product, { page: which, throttle }, thirdParties) {
  const context = await browser.newContext();
  const run = { thirdParty: { beforeChoice: [], afterAccept: [], returning: [] }, errors: [] };
  let phase = 'beforeChoice';
  thirdParties.onRequest = ({ url }) => run.thirdParty[phase].push(url);
  await context.addInitScript(instrument, { shadowHost: product.shadowHost ?? null, dialog: product.dialog });
  const page = await context.newPage();
  if (throttle > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  }
  page.on('pageerror', (e) => run.errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && run.errors.push(m.text()));
  const url = origin + (which === 'shop' ? product.shop.page : product.page);
  const step = (name, promise) =>
    promise.catch((e) => {
      throw new Error(`${name}: ${String(e.message || e).split('\n')[0]}`);
    });
  try {
    // 1 and 2: first visit.
    await step('first visit', page.goto(url, { waitUntil: 'commit' }));
    await step('dialog visible', page.waitForFunction(() => window.__bench.visibleAt !== null, null, { timeout: TIMEOUT }));
    await page.waitForTimeout(100); // long-task entries are delivered after their task ends
    const first = await page.evaluate((texts) => {
      const b = window.__bench;
      const blocking = b.longtasks
        .filter(([start]) => start < b.visibleAt)
        .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
      // What was fetched before the dialog was first seen visible.
      const fetched = performance
        .getEntriesByType('resource')
        .filter((e) => e.startTime <= b.visibleAt && e.name.startsWith(location.origin + '/'))
        .map((e) => new URL(e.name).pathname);
      // The dialog's text (textContent: before CSS text-transform).
      const { shadowHost, dialog } = b.target;
      const root = shadowHost ? document.querySelector(shadowHost).shadowRoot : document;
      // (+ generated content: tarteaucitron shows its title as ::before.)
      const el = root.querySelector(dialog);
      const pseudo = el ? getComputedStyle(el, '::before').content : '';
      const text = `${pseudo} ${el?.textContent || ''}`.replace(/\s+/g, ' ');
      return {
        visibleAt: b.visibleAt,
        blocking,
        fetched,
        missingTexts: Object.values(texts).filter((t) => !text.includes(t)),
        heldRanEarly: window.benchLibRuns !== undefined || window.benchInlineRuns !== undefined,
        domContentLoaded: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd || null,
      };
    }, TEXTS);
    run.dialogVisibleMs = first.visibleAt;
    run.blockingMs = first.blocking;
    run.domContentLoadedMs = first.domContentLoaded;
    run.missingTexts = first.missingTexts;
    run.heldRanEarly = first.heldRanEarly || first.fetched.includes('/site/analytics.js');
    run.files = [];
    for (const path of first.fetched) {
      if (path.startsWith('/site/') || !/\.(m?js|css|wasm)$/.test(path)) continue;
      run.files.push({ path, ...(await sizeOf(siteDir, path)) });
    }
    run.bytesGzip = run.files.reduce((sum, f) => sum + f.gzip, 0);
    run.bytesBrotli = run.files.reduce((sum, f) => sum + f.brotli, 0);

    // 3: click "Accept all" → the marker set by the held scripts.
    await page.waitForTimeout(Math.max(0, READ_MS - 100));
    phase = 'afterAccept';
    await step('click Accept all', page.click(product.accept, { timeout: TIMEOUT }));
    await step('held scripts after Accept all', page.waitForFunction(() => window.benchMarker !== undefined, null, { timeout: TIMEOUT }));
    await page.waitForTimeout(50); // let a product that runs a held script twice show it
    const accepted = await page.evaluate(() => ({
      clickAt: window.__bench.clickAt,
      marker: window.benchMarker,
      libRuns: window.benchLibRuns,
      inlineRuns: window.benchInlineRuns,
      inlineFirst: window.benchInlineAt < window.benchLibAt,
    }));
    run.acceptToScriptsMs = accepted.marker - accepted.clickAt;
    run.libRuns = accepted.libRuns;
    run.inlineRuns = accepted.inlineRuns;
    run.inlineBeforeLibrary = accepted.inlineFirst;

    // 4: the product's consent lookup, from page JS, after the choice.
    const loop = await step('hasConsent loop', page.evaluate(`(${lookupLoop})([${product.hasConsent}, ${LOOP_MS}])`));
    run.hasConsentPerSec = loop.perSecond;
    run.lookupAnswersTrue = loop.allTrue;

    // 5: returning visitor, same context (its cookie/storage from the accept).
    phase = 'returning';
    await step('returning visit', page.goto(url, { waitUntil: 'commit' }));
    await step('held scripts on returning visit', page.waitForFunction(() => window.benchMarker !== undefined, null, { timeout: TIMEOUT }));
    await page.waitForTimeout(RETURN_GRACE_MS);
    const back = await page.evaluate(() => ({ marker: window.benchMarker, dialogShown: window.__bench.visibleAt !== null }));
    run.returningMs = back.marker;
    run.returningDialogShown = back.dialogShown;
  } catch (e) {
    run.failure = String(e.message || e);
  } finally {
    await context.close();
  }
  return run;
}

