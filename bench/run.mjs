// Measures Consentry and its peers on the same page in the same headless
// Chromium, interleaved (A B C D A B C D …), one fresh browser context per
// run. Writes bench/results.json and bench/results.md and prints the table.
// Run it through `npm run bench` (bench/bench.sh), which installs the peers
// and builds Consentry first. BENCH_RUNS sets the number of measured runs per
// product (default 20); one warm-up round before them is not recorded.
//
// A benchmark, not a test: nothing here asserts a timing. A product that
// cannot be measured for a metric gets "n/a" and the reason.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { serve } from '../scripts/serve.mjs';
import { ARGS } from '../tests/e2e/harness.mjs'; // the e2e tests' Chromium flags
import { PRODUCTS, TEXTS, buildSite, versionOf } from './pages.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS || 20);
const WARMUP_ROUNDS = 1;
const BASELINE = 'vanilla-cookieconsent';
const TIMEOUT = 15_000; // per wait; a product that takes longer fails that run
const LOOP_MS = 200; // length of the timed hasConsent() loop
const RETURN_GRACE_MS = 500; // how long after the held scripts ran a returning visit may still show a dialog
// A person reads the dialog before clicking; some products are not ready for
// a click the moment it shows (tarteaucitron attaches its button handlers
// 500 ms after inserting the banner). Every product is clicked this long
// after its dialog was first seen visible.
const READ_MS = 1000;

// Metrics: key, heading, unit, and whether more is better (for the ratio's reading).
const METRICS = [
  { key: 'bytesGzip', title: 'first-visit bytes, gzip -9', unit: 'B', digits: 0 },
  { key: 'bytesBrotli', title: 'first-visit bytes, brotli 11', unit: 'B', digits: 0 },
  { key: 'dialogVisibleMs', title: 'navigation → dialog visible', unit: 'ms', digits: 1 },
  { key: 'blockingMs', title: 'blocking time until then', unit: 'ms', digits: 1 },
  { key: 'acceptToScriptsMs', title: 'click "Accept all" → held scripts ran', unit: 'ms', digits: 1 },
  { key: 'hasConsentPerSec', title: 'hasConsent() calls per second', unit: '/s', digits: 0, higherIsBetter: true },
  { key: 'returningMs', title: 'returning visit: navigation → held scripts ran', unit: 'ms', digits: 1 },
];

/**
 * Runs in every document before its own scripts (addInitScript). Watches
 * for the product's dialog once per rendering update (requestAnimationFrame)
 * and notes the first update in which it is rendered and visible; records
 * long tasks and the time of the first click, all in page time (ms since
 * navigation start).
 */
function instrument({ shadowHost, dialog }) {
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

const quantile = (sorted, q) => {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.ceil(i)] - sorted[lo]) * (i - lo);
};

function stats(samples) {
  if (!samples.length) return null;
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), p25: quantile(s, 0.25), p75: quantile(s, 0.75), min: s[0], max: s[s.length - 1] };
}

// `gzip -9` itself (GNU gzip, as the issue's budget figures were taken);
// zlib's level 9 differs from it by a few bytes per file. zlib if no gzip.
function gzip9(body) {
  try {
    return execFileSync('gzip', ['-9', '-n', '-c'], { input: body, maxBuffer: 64 << 20 }).length;
  } catch {
    gzipTool = 'node zlib level 9 (no gzip on PATH)';
    return gzipSync(body, { level: 9 }).length;
  }
}
let gzipTool = 'GNU gzip -9 -n';

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

/** One run of one product in a fresh context: first visit, accept, lookups, returning visit. */
async function runOnce(browser, origin, siteDir, product) {
  const context = await browser.newContext();
  const run = { offsite: [], errors: [] };
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      run.offsite.push(route.request().url());
      return route.abort();
    },
  );
  await context.addInitScript(instrument, { shadowHost: product.shadowHost ?? null, dialog: product.dialog });
  const page = await context.newPage();
  page.on('pageerror', (e) => run.errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && run.errors.push(m.text()));
  const url = origin + product.page;
  const step = (name, promise) =>
    promise.catch((e) => {
      throw new Error(`${name}: ${String(e.message || e).split('\n')[0]}`);
    });
  try {
    // 1 and 2: first visit.
    await step('first visit', page.goto(url));
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
        .filter((e) => e.startTime <= b.visibleAt)
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
      };
    }, TEXTS);
    run.dialogVisibleMs = first.visibleAt;
    run.blockingMs = first.blocking;
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
    await step('returning visit', page.goto(url));
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

const fmt = (value, digits) =>
  value === null || value === undefined ? 'n/a' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function ratio(value, base) {
  if (value == null || base == null) return 'n/a';
  if (base === 0) return value === 0 ? '1.00×' : '—';
  return `${(value / base).toFixed(2)}×`;
}

/** The markdown report: medians and ratios, spreads, files, checks, n/a reasons. */
function markdown(results) {
  const names = results.products.map((p) => p.name);
  const by = Object.fromEntries(results.products.map((p) => [p.name, p]));
  const base = by[BASELINE];
  const lines = ['# Benchmark results', ''];
  const m = results.machine;
  lines.push(`Measured ${results.date} on ${m.cpu} (${m.cores} cores), ${m.chromium}, Node ${m.node}; ${results.runs} interleaved runs per product (fresh context each), after ${results.warmupRounds} warm-up round; medians, and the ratio to ${BASELINE} (for calls per second more is better, for everything else less is better).`);
  lines.push('Method and caveats: bench/README.md. Raw samples: bench/results.json. A ratio of "—": the baseline\'s median is 0.');
  lines.push('');
  lines.push(`| metric | ${names.map((n) => `${n} ${by[n].version}`).join(' | ')} |`);
  lines.push(`|---|${names.map(() => '---:').join('|')}|`);
  for (const metric of METRICS) {
    const cells = names.map((n) => {
      const s = by[n].stats[metric.key];
      if (!s) return 'n/a';
      return `${fmt(s.median, metric.digits)} ${metric.unit} (${ratio(s.median, base.stats[metric.key]?.median)})`;
    });
    lines.push(`| ${metric.title} | ${cells.join(' | ')} |`);
  }
  lines.push(`| returning visit: dialog shown | ${names.map((n) => `${by[n].checks.returningDialogShown} of ${by[n].checks.returningRuns}`).join(' | ')} |`);
  lines.push('');
  lines.push('Spread (p25–p75; min–max):');
  lines.push('');
  lines.push(`| metric | ${names.join(' | ')} |`);
  lines.push(`|---|${names.map(() => '---:').join('|')}|`);
  for (const metric of METRICS.filter((x) => !x.key.startsWith('bytes'))) {
    const cells = names.map((n) => {
      const s = by[n].stats[metric.key];
      if (!s) return 'n/a';
      const d = metric.digits;
      return `${fmt(s.p25, d)}–${fmt(s.p75, d)}; ${fmt(s.min, d)}–${fmt(s.max, d)}`;
    });
    lines.push(`| ${metric.title} (${metric.unit}) | ${cells.join(' | ')} |`);
  }
  lines.push('');
  lines.push('Files fetched before the dialog was visible (first measured run):');
  lines.push('');
  lines.push('| product | file | raw | gzip -9 | brotli 11 |');
  lines.push('|---|---|---:|---:|---:|');
  for (const p of results.products) {
    for (const f of p.files) lines.push(`| ${p.name} | ${f.path} | ${fmt(f.raw, 0)} | ${fmt(f.gzip, 0)} | ${fmt(f.brotli, 0)} |`);
  }
  lines.push('');
  lines.push('Checks, per product:');
  lines.push('');
  for (const p of results.products) {
    const c = p.checks;
    lines.push(
      `- ${p.name}: ${c.okRuns} of ${results.runs} runs complete; dialog texts missing: ${c.missingTexts.length ? c.missingTexts.join(', ') : 'none'}; ` +
        `held scripts ran before a choice: ${c.heldRanEarly} runs; library/snippet ran more than once: ${c.ranTwice} runs; ` +
        `snippet ran before the library: ${c.inlineBeforeLibrary} runs; lookup answered false after Accept all: ${c.lookupFalse} runs; ` +
        `file set differed between runs: ${c.fileSetsDiffer ? 'yes' : 'no'}; ` +
        `page errors: ${c.pageErrors.length ? c.pageErrors.join(' / ') : 'none'}; requests off the machine: ${c.offsite.length ? c.offsite.join(', ') : 'none'}; ` +
        `lookup: \`${p.lookup}\``,
    );
    for (const [key, reason] of Object.entries(p.notAvailable)) lines.push(`  - ${key}: n/a — ${reason}`);
    for (const f of c.failures) lines.push(`  - failed run: ${f}`);
  }
  return lines.join('\n') + '\n';
}

const started = Date.now();
const siteDir = await mkdtemp(join(os.tmpdir(), 'consentry-bench-'));
await buildSite(siteDir);
const server = await serve(siteDir, 0);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
const chromiumVersion = browser.version();

const samples = Object.fromEntries(PRODUCTS.map((p) => [p.name, []]));
try {
  for (let round = -WARMUP_ROUNDS; round < RUNS; round++) {
    for (const product of PRODUCTS) {
      const run = await runOnce(browser, origin, siteDir, product);
      if (round >= 0) samples[product.name].push(run);
    }
    process.stderr.write(round < 0 ? 'warm-up done\n' : `round ${round + 1}/${RUNS}\n`);
  }
} finally {
  await browser.close();
  await new Promise((ok) => server.close(ok));
  await rm(siteDir, { recursive: true, force: true });
}

const products = [];
for (const p of PRODUCTS) {
  const runs = samples[p.name];
  const ok = runs.filter((r) => r.failure === undefined);
  const stat = {};
  const notAvailable = {};
  for (const metric of METRICS) {
    const values = runs.map((r) => r[metric.key]).filter((v) => typeof v === 'number' && Number.isFinite(v));
    stat[metric.key] = stats(values);
    if (!values.length) {
      notAvailable[metric.key] = runs.find((r) => r.failure)?.failure || 'no sample';
    }
  }
  const firstWithFiles = runs.find((r) => r.files);
  products.push({
    name: p.name,
    version: await versionOf(p),
    page: p.html,
    lookup: p.lookup,
    files: firstWithFiles ? firstWithFiles.files : [],
    stats: stat,
    notAvailable,
    checks: {
      okRuns: ok.length,
      failures: runs.filter((r) => r.failure).map((r) => r.failure),
      missingTexts: [...new Set(runs.flatMap((r) => r.missingTexts || []))],
      heldRanEarly: runs.filter((r) => r.heldRanEarly).length,
      ranTwice: runs.filter((r) => r.libRuns > 1 || r.inlineRuns > 1).length,
      inlineBeforeLibrary: runs.filter((r) => r.inlineBeforeLibrary).length,
      lookupFalse: runs.filter((r) => r.lookupAnswersTrue === false).length,
      returningRuns: runs.filter((r) => r.returningDialogShown !== undefined).length,
      returningDialogShown: runs.filter((r) => r.returningDialogShown).length,
      fileSetsDiffer: new Set(runs.filter((r) => r.files).map((r) => r.files.map((f) => f.path).join(','))).size > 1,
      pageErrors: [...new Set(runs.flatMap((r) => r.errors))].slice(0, 5),
      offsite: [...new Set(runs.flatMap((r) => r.offsite))],
    },
    samples: Object.fromEntries(METRICS.map((metric) => [metric.key, runs.map((r) => r[metric.key] ?? null)])),
  });
}

const results = {
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0].model,
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    chromium: `Chromium ${chromiumVersion}`,
    node: process.version,
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
    chromiumArgs: ARGS,
  },
  measureSeconds: (Date.now() - started) / 1000,
  // With `npm run bench`, bench/bench.sh passes its start time: install + build + measure.
  totalSeconds: process.env.BENCH_STARTED_MS ? (Date.now() - Number(process.env.BENCH_STARTED_MS)) / 1000 : null,
  products,
};
const md = markdown(results);
await writeFile(join(HERE, 'results.json'), JSON.stringify(results, null, 2) + '\n');
await writeFile(join(HERE, 'results.md'), md);
console.log(md);
console.log(`measured in ${results.measureSeconds.toFixed(0)} s` + (results.totalSeconds ? `; npm run bench so far ${results.totalSeconds.toFixed(0)} s` : ''));
