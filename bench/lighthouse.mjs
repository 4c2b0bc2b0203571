// Lighthouse (the exact version in bench/package.json) on each product's
// page, mobile preset (Lighthouse's default config: Moto G Power screen,
// simulated slow 4G and CPU ×4), performance category only; the runs are
// interleaved across products and the median of each metric is reported.
//
// Chromium is Debian's, launched through puppeteer-core with the e2e
// harness's flags plus thirdparty.mjs's: every host but 127.0.0.1 resolves
// to the fake third-party server, so nothing leaves the machine, and a
// request a product lets through before the visitor's choice shows up in
// Lighthouse's network-requests audit (counted). Puppeteer request
// interception is not used: it stalls Lighthouse (its CSS.enable times
// out), a known problem. Each run gets a fresh browser
// context; Lighthouse itself also clears the origin's storage first, so
// every run is a first visit (the dialog is up).
//
// `node bench/lighthouse.mjs` runs it alone (after `npm run build`);
// `npm run bench` calls lighthouseRuns() after the other measurements.
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import os from 'node:os';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARGS } from '../tests/e2e/harness.mjs';
import { median } from './report.mjs';

const VERSION = JSON.parse(await readFile(fileURLToPath(new URL('./node_modules/lighthouse/package.json', import.meta.url)), 'utf8')).version;

function lcpElement(audit) {
  // largest-contentful-paint-element: a list of tables; the first names the node.
  const items = audit?.details?.items || [];
  const node = items[0]?.items?.[0]?.node || items[0]?.node;
  return node ? node.nodeLabel || node.selector || null : null;
}

// Where each product's files are served (pages.mjs's buildSite).
const FOLDERS = { Consentry: '/consentry/', 'vanilla-cookieconsent': '/vanilla/', Klaro: '/klaro/', tarteaucitron: '/tarteaucitron/' };

/**
 * One Lighthouse run of `url` (performance only) in a fresh context of
 * `browser` (launchForLighthouse): its result, `{ lhr, artifacts }`, or throws.
 */
export async function runLighthouse(browser, url) {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    const result = await lighthouse(url, { output: 'json', logLevel: 'error', onlyCategories: ['performance'] }, undefined, page);
    if (result.lhr.runtimeError) throw new Error(result.lhr.runtimeError.code);
    return result;
  } finally {
    await context.close();
  }
}

/**
 * Chromium for Lighthouse, with the e2e harness's flags and
 * `thirdPartyArgs` (thirdparty.mjs), in a profile of its own:
 * `{ browser, close }`, where `close()` also removes the profile.
 */
export async function launchForLighthouse(thirdPartyArgs) {
  const profile = await mkdtemp(join(os.tmpdir(), 'consentry-lh-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    userDataDir: profile,
    args: [...ARGS, ...thirdPartyArgs],
  });
  const close = async () => {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  };
  return { browser, close };
}

/** One Lighthouse run of `url`; the metrics, or throws. */
async function once(browser, url, origin, folder) {
  const { lhr } = await runLighthouse(browser, url);
  const a = lhr.audits;
  const requests = a['network-requests']?.details?.items || [];
  // bootup-time: main-thread time per script URL (scaled by the simulated CPU slowdown).
  const own = (a['bootup-time']?.details?.items || []).filter((i) => typeof i.url === 'string' && i.url.startsWith(origin + folder));
  return {
    score: lhr.categories.performance.score * 100,
    lcp: a['largest-contentful-paint'].numericValue,
    tbt: a['total-blocking-time'].numericValue,
    cls: a['cumulative-layout-shift'].numericValue,
    // What moved, where CLS is above 0: each shift's score and the element's start tag.
    shifts: (a['layout-shifts']?.details?.items || []).map((i) => `${i.score.toFixed(4)} ${i.node?.snippet || '(no element)'}`),
    fcp: a['first-contentful-paint'].numericValue,
    si: a['speed-index'].numericValue,
    lcpElement: lcpElement(a['largest-contentful-paint-element']),
    productScriptMs: own.reduce((sum, i) => sum + i.total, 0),
    thirdPartyRequests: requests.filter((r) => !r.url.startsWith(origin + '/') && !r.url.startsWith('data:')).map((r) => r.url),
    warnings: lhr.runWarnings,
  };
}

/**
 * `runs` interleaved Lighthouse runs per product on `page` ('shop' or
 * 'small') of the site served at `origin`, Chromium started with
 * `thirdPartyArgs` (thirdparty.mjs); medians per product.
 */
export async function lighthouseRuns(origin, products, runs, thirdPartyArgs, page = 'shop') {
  const { browser, close } = await launchForLighthouse(thirdPartyArgs);
  const samples = Object.fromEntries(products.map((p) => [p.name, { ok: [], failures: [] }]));
  try {
    for (let round = 0; round < runs; round++) {
      for (const p of products) {
        const url = origin + (page === 'shop' ? p.shop.page : p.page);
        try {
          samples[p.name].ok.push(await once(browser, url, origin, FOLDERS[p.name] || '/'));
        } catch (e) {
          samples[p.name].failures.push(String(e.message || e).split('\n')[0]);
        }
      }
      process.stderr.write(`lighthouse round ${round + 1}/${runs}\n`);
    }
  } finally {
    await close();
  }
  return {
    version: VERSION,
    preset: 'mobile (default config)',
    page,
    runs,
    note:
      'Simulated throttling (Lighthouse\'s Lantern model: slow 4G, CPU ×4) on top of this machine\'s real load; third-party hosts go to the fake third-party server (thirdparty.mjs); a request let through before the choice would be counted below.',
    products: products.map((p) => {
      const s = samples[p.name].ok;
      const m = (key) => median(s.map((x) => x[key]).filter((v) => typeof v === 'number'));
      return {
        name: p.name,
        median: { score: m('score'), lcp: m('lcp'), tbt: m('tbt'), cls: m('cls'), fcp: m('fcp'), si: m('si'), productScriptMs: m('productScriptMs') },
        lcpElement: s[0]?.lcpElement || null,
        thirdPartyRequests: [...new Set(s.flatMap((x) => x.thirdPartyRequests))],
        failures: samples[p.name].failures,
        samples: s.map(({ warnings, ...rest }) => rest),
        warnings: [...new Set(s.flatMap((x) => x.warnings || []))],
      };
    }),
  };
}

// Alone: serve the built site and run Lighthouse only.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { PRODUCTS, buildSite, serveSite } = await import('./pages.mjs');
  const { startThirdParties } = await import('./thirdparty.mjs');
  const thirdParties = await startThirdParties();
  const dir = await mkdtemp(join(os.tmpdir(), 'consentry-bench-'));
  await buildSite(dir);
  const server = await serveSite(dir);
  try {
    const page = process.env.BENCH_LH_PAGE || 'shop';
    const result = await lighthouseRuns(`http://127.0.0.1:${server.address().port}`, PRODUCTS, Number(process.env.BENCH_LH_RUNS || 3), thirdParties.args, page);
    await writeFile(fileURLToPath(new URL('./results-lighthouse.json', import.meta.url)), JSON.stringify(result, null, 2) + '\n');
    for (const p of result.products) console.log(p.name, JSON.stringify(p.median), p.lcpElement, p.failures.join('; '), p.thirdPartyRequests.length);
  } finally {
    await new Promise((ok) => server.close(ok));
    await thirdParties.close();
    await rm(dir, { recursive: true, force: true });
  }
}
