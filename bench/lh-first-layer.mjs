// A bench-only upper bound for one design (issue 14, Lighthouse LCP): the
// first layer painted before the wasm is fetched. Each variant page's module
// is a stand-in that sets the first layer's markup and stylesheet (captured
// from the real build on the same page) into a shadow root, then imports
// the real entry, which fetches the wasm (no `data-wasm`) and starts; its
// dialog is kept transparent, as if it had adopted the stand-in's. Three
// stand-ins: with the entry's bytes as a comment (the entry's weight on the
// path), importing the entry after the next frame or once the stand-in's
// paint was reported as an LCP candidate; and without them (only the first
// layer's own bytes), importing after that report. Lighthouse on the small
// page: the current build, the stand-ins and vanilla-cookieconsent,
// interleaved. Not a product path: it measures what such a first layer could
// buy in Lantern's model before anyone builds it (bench/diagnosis.md § P5).
//
//   BENCH_LH_RUNS=4 node bench/lh-first-layer.mjs      (after npm run build and npm ci --prefix bench)
//   LANTERN=1 node bench/lh-first-layer.mjs            (one run per page, Lantern's LCP graph with
//                                                        simulated times; also the build with a wasm preload)
import { chromium } from 'playwright-core';
import os from 'node:os';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARGS } from '../tests/e2e/harness.mjs';
import { PRODUCTS, buildSite, serveSite } from './pages.mjs';
import { startThirdParties } from './thirdparty.mjs';
import { launchForLighthouse, lighthouseRuns, runLighthouse } from './lighthouse.mjs';

const consentry = PRODUCTS.find((p) => p.name === 'Consentry');
const vanilla = PRODUCTS.find((p) => p.name === 'vanilla-cookieconsent');
const dir = await mkdtemp(join(os.tmpdir(), 'consentry-lh-first-'));
await buildSite(dir);
const thirdParties = await startThirdParties();
const server = await serveSite(dir);
const origin = `http://127.0.0.1:${server.address().port}`;
try {
  // The first layer as the real build renders it on this page.
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: [...ARGS, ...thirdParties.args] });
  const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
  await page.goto(origin + consentry.page);
  await page.waitForSelector('#consentry-dialog [role="dialog"]');
  const captured = await page.evaluate(() => {
    const root = document.getElementById('consentry-dialog').shadowRoot;
    const css = [...root.adoptedStyleSheets].flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join('\n');
    return { css, markup: root.innerHTML };
  });
  await browser.close();
  if (!captured.markup.includes('data-layer="1"')) throw new Error('no first layer captured');

  const entry = await readFile(join(dir, 'consentry/consentry.js'), 'utf8');
  // The entry's bytes as a comment: as many bytes as served, nothing to run.
  // `afterPaint` says when the real entry is imported: `frame` after the
  // next frame; `lcp` once the browser has reported the stand-in's paint as
  // an LCP candidate (3 s at most). Lantern's LCP graph holds every request
  // that ended before the LCP the unthrottled run observed, needed or not,
  // so with `frame` a request the paint does not wait for can still be on
  // its simulated path (on localhost it ends in a few ms).
  // `small` is `lcp` without the entry's bytes: the first layer's own file
  // holds only its markup and stylesheet, and the entry loads after it.
  const standInFor = (afterPaint) => `${afterPaint === 'small' ? '' : `/* ${entry.replaceAll('*/', '* /')} */`}
const host = document.createElement('div');
const root = host.attachShadow({ mode: 'open' });
const sheet = new CSSStyleSheet();
sheet.replaceSync(${JSON.stringify(captured.css)});
root.adoptedStyleSheets = [sheet];
root.innerHTML = ${JSON.stringify(captured.markup)};
document.body.append(host);
// A real first layer would be adopted by the core, not painted again: the
// real dialog is kept transparent (LCP ignores it), the stand-in stays.
new MutationObserver((_, o) => { const real = document.getElementById('consentry-dialog'); if (real) { real.style.opacity = '0'; o.disconnect(); } }).observe(document.body, { childList: true });
const load = () => import('/consentry/consentry.js');
${afterPaint !== 'frame'
    ? `let done = false;
const appended = performance.now();
const once = () => { if (!done) { done = true; setTimeout(load); } };
new PerformanceObserver((list) => { if (list.getEntries().some((e) => e.startTime >= appended)) once(); }).observe({ type: 'largest-contentful-paint', buffered: true });
setTimeout(once, 3000);`
    : 'requestAnimationFrame(() => setTimeout(load));'}
`;
  const standInPage = async (afterPaint, name) => {
    await writeFile(join(dir, `consentry/first-layer-${afterPaint}.js`), standInFor(afterPaint));
    const html = consentry.html
      .replace(' data-wasm="/consentry/consentry_core_bg.wasm"', '')
      .replace('<script type="module" async src="/consentry/consentry.js"></script>', `<script type="module" async src="/consentry/first-layer-${afterPaint}.js"></script>`);
    if (html === consentry.html || html.includes('data-wasm')) throw new Error('the variant page did not change');
    await writeFile(join(dir, `first-layer-${afterPaint}.html`), html);
    return { name, page: `/first-layer-${afterPaint}.html`, shop: consentry.shop };
  };
  const variant = await standInPage('frame', 'stand-in, entry imported after the next frame');
  const afterLcp = await standInPage('lcp', 'stand-in, entry imported after its LCP was reported');
  const small = await standInPage('small', 'stand-in without the entry\'s bytes, entry imported after its LCP');
  // For LANTERN: the build with the wasm also requested by the HTML itself.
  const preloadHtml = consentry.html.replace('<script src="/consentry/consentry-stub.js"', '<link rel="preload" as="fetch" crossorigin href="/consentry/consentry_core_bg.wasm">\n<script src="/consentry/consentry-stub.js"');
  if (preloadHtml === consentry.html) throw new Error('the preload page did not change');
  await writeFile(join(dir, 'wasm-preload.html'), preloadHtml);
  const preload = { name: 'current build + wasm preload', page: '/wasm-preload.html', shop: consentry.shop };

  if (process.env.LANTERN) {
    // One Lighthouse run per page; the nodes of Lantern's LCP graphs with
    // their simulated start and end (what the simulated LCP waits for).
    const { Audit } = await import('lighthouse/core/audits/audit.js');
    const { LanternLargestContentfulPaint } = await import('lighthouse/core/computed/metrics/lantern-largest-contentful-paint.js');
    const { browser: lhBrowser, close } = await launchForLighthouse(thirdParties.args);
    try {
      for (const p of [consentry, preload, variant, afterLcp, small, vanilla]) {
        const r = await runLighthouse(lhBrowser, origin + p.page);
        const context = { computedCache: new Map(), settings: r.lhr.configSettings };
        const data = Audit.makeMetricComputationDataInput(r.artifacts, context);
        const lcp = await LanternLargestContentfulPaint.request(data, context);
        console.log(`\n== ${p.name}: LCP ${lcp.timing.toFixed(0)} (optimistic ${lcp.optimisticEstimate.timeInMs.toFixed(0)}, pessimistic ${lcp.pessimisticEstimate.timeInMs.toFixed(0)})`);
        for (const [name, est] of [['optimistic', lcp.optimisticEstimate], ['pessimistic', lcp.pessimisticEstimate]]) {
          console.log(' ' + name);
          const rows = [...est.nodeTimings].sort((x, y) => x[1].startTime - y[1].startTime);
          for (const [node, t] of rows) {
            const what = node.type === 'network' ? `NET ${node.request.url.replace(origin, '')} ${node.request.transferSize}B ${node.request.priority}` : `CPU ${(node.duration / 1000).toFixed(1)}ms obs ${node.childEvents.filter((e) => e.dur > 2000).map((e) => e.name + (e.args?.data?.url ? '(' + e.args.data.url.split('/').pop() + ')' : '')).slice(0, 5).join(',')}`;
            console.log(`   ${t.startTime.toFixed(0).padStart(5)} → ${t.endTime.toFixed(0).padStart(5)}  ${what}`);
          }
        }
      }
    } finally {
      await close();
    }
  } else {
    const result = await lighthouseRuns(origin, [consentry, variant, afterLcp, small, vanilla], Number(process.env.BENCH_LH_RUNS || 4), thirdParties.args, 'small');
    for (const p of result.products) {
      const m = p.median;
      console.log(`${p.name}: score ${m.score}, FCP ${m.fcp.toFixed(0)}, LCP ${m.lcp.toFixed(0)}, TBT ${m.tbt.toFixed(0)}, CLS ${m.cls}; LCP samples ${p.samples.map((s) => s.lcp.toFixed(0)).join(', ')}${p.failures.length ? '; failures: ' + p.failures.join('; ') : ''}`);
    }
  }
} finally {
  await new Promise((ok) => server.close(ok));
  await thirdParties.close();
  await rm(dir, { recursive: true, force: true });
}
