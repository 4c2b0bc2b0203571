// Measures Consentry and its peers on the same pages in the same headless
// Chromium: the small page and the realistic shop page, each unthrottled and
// with the CPU slowed 4× (CDP), all interleaved (round after round: every
// setting, in each every product A B C D), one fresh browser context per
// run; then Lighthouse (lighthouse.mjs) on the shop page and the small one. Writes
// bench/results.json and bench/results.md and prints the table. Run it
// through `npm run bench` (bench/bench.sh), which installs the peers and
// builds Consentry first.
//
//   BENCH_RUNS        measured runs per product and setting (default 5)
//   BENCH_SETTINGS    comma-separated subset of small-x1,small-x4,shop-x1,shop-x4
//   BENCH_LH_RUNS     Lighthouse runs per product and page (default 3; 0: none)
//   BENCH_LH_PAGE     the pages Lighthouse loads (default shop,small)
//   BENCH_VARIANTS=1  also measure the bench-only variants of Consentry's pages
//                     (trace-marks.mjs; TRACE_VARIANTS picks them by name;
//                     BENCH_BEFORE=<an earlier pkg/> adds that build)
//
// A benchmark, not a test: nothing here asserts a timing. A product that
// cannot be measured for a metric gets "n/a" and the reason.
import { chromium } from 'playwright-core';
import os from 'node:os';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARGS } from '../tests/e2e/harness.mjs'; // the e2e tests' Chromium flags
import { PRODUCTS as BASE_PRODUCTS, buildSite, serveSite, versionOf } from './pages.mjs';
import { LOOP_MS, READ_MS, RETURN_GRACE_MS, TIMEOUT, gzipTool, runOnce } from './measure.mjs';
import { markdown, summarise } from './report.mjs';
import { lighthouseRuns } from './lighthouse.mjs';
import { VARIANTS, copyVariantFiles } from './trace-marks.mjs';
import { startThirdParties } from './thirdparty.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS || 5);
const LH_RUNS = Number(process.env.BENCH_LH_RUNS ?? 3);
const WARMUP_ROUNDS = 1;
const BASELINE = 'vanilla-cookieconsent';

const ALL_SETTINGS = [
  { key: 'small-x1', page: 'small', throttle: 1, title: 'Small page, CPU unthrottled' },
  { key: 'shop-x1', page: 'shop', throttle: 1, title: 'Realistic shop page, CPU unthrottled' },
  { key: 'small-x4', page: 'small', throttle: 4, title: 'Small page, CPU throttled ×4' },
  { key: 'shop-x4', page: 'shop', throttle: 4, title: 'Realistic shop page, CPU throttled ×4' },
];
// With BENCH_VARIANTS, each variant of Consentry's pages is one more "product" (not in Lighthouse).
const consentry = BASE_PRODUCTS[0];
const VARIANT_PRODUCTS = process.env.BENCH_VARIANTS
  ? VARIANTS.map((v, i) => ({
      ...consentry,
      name: `Consentry, ${v.name}`,
      page: `/variant-${i}.html`,
      html: v.change(consentry.html),
      shop: { page: `/shop/variant-${i}.html`, html: v.change(consentry.shop.html) },
    }))
  : [];
// BENCH_PRODUCTS: a comma-separated subset of the peers by name (the baseline and the variants asked for always stay).
const onlyPeers = process.env.BENCH_PRODUCTS ? process.env.BENCH_PRODUCTS.split(',') : null;
const PRODUCTS = [...BASE_PRODUCTS.filter((p) => !onlyPeers || p.name === BASELINE || onlyPeers.includes(p.name)), ...VARIANT_PRODUCTS];
const wanted = process.env.BENCH_SETTINGS ? process.env.BENCH_SETTINGS.split(',') : null;
const SETTINGS = ALL_SETTINGS.filter((s) => !wanted || wanted.includes(s.key));

const started = Date.now();
const loadAverageStart = os.loadavg().map((x) => x.toFixed(2)).join(' ');
const siteDir = await mkdtemp(join(os.tmpdir(), 'consentry-bench-'));
await buildSite(siteDir);
if (VARIANT_PRODUCTS.length) await copyVariantFiles(siteDir);
for (const p of VARIANT_PRODUCTS) {
  await writeFile(join(siteDir, p.page), p.html);
  await writeFile(join(siteDir, p.shop.page), p.shop.html);
}
const server = await serveSite(siteDir);
const thirdParties = await startThirdParties();
const origin = `http://127.0.0.1:${server.address().port}`;
let chromiumVersion = '';
let lighthouse = []; // one result per page

const samples = Object.fromEntries(SETTINGS.map((s) => [s.key, Object.fromEntries(PRODUCTS.map((p) => [p.name, []]))]));
try {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: [...ARGS, ...thirdParties.args] });
  chromiumVersion = browser.version();
  try {
    for (let round = -WARMUP_ROUNDS; round < RUNS; round++) {
      // The warm-up round: each product once, unthrottled, on the first page.
      for (const setting of round < 0 ? SETTINGS.slice(0, 1) : SETTINGS) {
        for (const product of PRODUCTS) {
          const run = await runOnce(browser, origin, siteDir, product, setting, thirdParties);
          if (round >= 0) samples[setting.key][product.name].push(run);
        }
      }
      process.stderr.write(round < 0 ? `warm-up done (${((Date.now() - started) / 1000).toFixed(0)} s)\n` : `round ${round + 1}/${RUNS} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    }
  } finally {
    await browser.close();
  }
  // After the Playwright browser is closed: one heavy browser at a time.
  // The shop page carries the site's own long tasks (no product's TBT is 0
  // there); the small page has only the product's work.
  if (LH_RUNS > 0) {
    const products = BASE_PRODUCTS.filter((p) => PRODUCTS.includes(p));
    for (const page of (process.env.BENCH_LH_PAGE || 'shop,small').split(',')) {
      lighthouse.push(await lighthouseRuns(origin, products, LH_RUNS, thirdParties.args, page));
    }
  }
} finally {
  await new Promise((ok) => server.close(ok));
  await thirdParties.close();
  await rm(siteDir, { recursive: true, force: true });
}

const versions = Object.fromEntries(await Promise.all(PRODUCTS.map(async (p) => [p.name, await versionOf(p)])));
const settings = SETTINGS.map((s) => ({
  ...s,
  products: PRODUCTS.map((p) => summarise(p, samples[s.key][p.name], versions[p.name])),
}));

const results = {
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0].model,
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    chromium: `Chromium ${chromiumVersion}`,
    node: process.version,
    loadAverageStart,
    loadAverageEnd: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  },
  runs: RUNS,
  warmupRounds: WARMUP_ROUNDS,
  order: PRODUCTS.map((p) => p.name),
  baseline: BASELINE,
  method: {
    gzip: gzipTool,
    brotli: 'node zlib, quality 11',
    readBeforeClickMs: READ_MS,
    loopMs: LOOP_MS,
    returnGraceMs: RETURN_GRACE_MS,
    timeoutMs: TIMEOUT,
    chromiumArgs: [...ARGS, ...thirdParties.args],
    pages: Object.fromEntries(PRODUCTS.map((p) => [p.name, { small: p.page, shop: p.shop.page }])),
  },
  measureSeconds: (Date.now() - started) / 1000,
  // With `npm run bench`, bench/bench.sh passes its start time: install + build + measure.
  totalSeconds: process.env.BENCH_STARTED_MS ? (Date.now() - Number(process.env.BENCH_STARTED_MS)) / 1000 : null,
  settings,
  lighthouse,
  pagesHtml: Object.fromEntries(PRODUCTS.map((p) => [p.name, { small: p.html }])),
};
const md = markdown(results);
await writeFile(join(HERE, 'results.json'), JSON.stringify(results, null, 2) + '\n');
await writeFile(join(HERE, 'results.md'), md);
console.log(md);
console.log(`measured in ${results.measureSeconds.toFixed(0)} s` + (results.totalSeconds ? `; npm run bench so far ${results.totalSeconds.toFixed(0)} s` : ''));
