// Where the time goes: Chromium performance traces (CDP Tracing) of the
// realistic shop page, first visit and returning visit, unthrottled and with
// the CPU slowed 4×, for Consentry, vanilla-cookieconsent and the bench-only
// variants of Consentry's page that prototype the issue's hypotheses
// (trace-marks.mjs). Interleaved, TRACE_RUNS runs each (default 5); medians.
//
//   node bench/trace.mjs            (after npm run build and npm ci --prefix bench)
//   TRACE_RUNS=3 TRACE_THROTTLE=4 node bench/trace.mjs
//   TRACE_FROM=bench/results-trace.json node bench/trace.mjs   (report only)
//
// Writes bench/results-trace.json (every run's timeline) and
// bench/results-trace.md (the median timelines); bench/diagnosis.md reads
// them. A benchmark, not a test: nothing is asserted.
import { chromium } from 'playwright-core';
import os from 'node:os';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../scripts/serve.mjs';
import { ARGS } from '../tests/e2e/harness.mjs';
import { PRODUCTS, buildSite } from './pages.mjs';
import { instrument, READ_MS, TIMEOUT } from './measure.mjs';
import { copyVariantFiles, marks, VARIANTS } from './trace-marks.mjs';
import { startThirdParties } from './thirdparty.mjs';
import { median, fmt } from './report.mjs';

const RUNS = Number(process.env.TRACE_RUNS || 5);
const THROTTLES = (process.env.TRACE_THROTTLE || '1,4').split(',').map(Number);
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'blink.user_timing', 'loading'];
const SETTLE_MS = 300; // after the awaited event, so its task and the next frames are in the trace

const consentry = PRODUCTS.find((p) => p.name === 'Consentry');
const vanilla = PRODUCTS.find((p) => p.name === 'vanilla-cookieconsent');
const TARGETS = [
  { name: 'Consentry', product: consentry, page: consentry.shop.page },
  { name: 'vanilla-cookieconsent', product: vanilla, page: vanilla.shop.page },
  ...VARIANTS.map((v, i) => ({ name: `Consentry, ${v.name}`, about: v.about, product: consentry, page: `/shop/variant-${i}.html`, html: v.change(consentry.shop.html) })),
];

/** Collects a trace from `cdp` around `work()`; the events arrive as a stream at the end (none during the visit). */
async function traced(cdp, work) {
  const complete = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: CATEGORIES } });
  let value;
  try {
    value = await work();
  } finally {
    await cdp.send('Tracing.end');
  }
  const { stream } = await complete;
  const chunks = [];
  for (;;) {
    const part = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
    chunks.push(part.base64Encoded ? Buffer.from(part.data, 'base64').toString('utf8') : part.data);
    if (part.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(chunks.join(''));
  return { events: Array.isArray(parsed) ? parsed : parsed.traceEvents, value };
}

/** The page's state after a visit: marks, dialog, held scripts, resource timings, navigation timing. */
function pageState() {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = {};
  for (const e of performance.getEntriesByType('resource')) {
    // A variant's other build (/consentry-before/...) counts as /consentry/.
    const path = new URL(e.name).pathname.replace(/^\/consentry-[\w]+\//, '/consentry/');
    if ((/^\/(consentry|vanilla)\//.test(path) || path === '/site/analytics.js') && !res[path]) res[path] = { start: e.startTime, requestStart: e.requestStart, responseStart: e.responseStart, end: e.responseEnd };
  }
  return {
    originStart: window.__marks.originStart,
    at: window.__marks.at,
    calls: window.__marks.calls,
    visibleAt: window.__bench.visibleAt,
    libAt: window.benchLibAt ?? null,
    inlineAt: window.benchInlineAt ?? null,
    marker: window.benchMarker ?? null,
    dcl: nav ? nav.domContentLoadedEventStart : null,
    load: nav ? nav.loadEventStart || null : null,
    resources: res,
  };
}

const SITE_SCRIPT = /\/site\/shop\//;
const PRODUCT_SCRIPT = /\/(consentry|vanilla)\//;

/** The main-thread timeline of the page's renderer, in page time (ms since navigation start). */
function analyse(events, pageUrl, state, until) {
  const parse = events.filter((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === pageUrl);
  if (!parse.length) return { error: 'no ParseHTML for the page in the trace' };
  const { pid, tid } = parse[0];
  const main = events.filter((e) => e.pid === pid && e.tid === tid);
  const origin = main.find((e) => e.name === 'bench:origin');
  if (!origin) return { error: 'no bench:origin mark in the trace' };
  const t0 = origin.ts / 1000 - state.originStart; // trace ms of navigation start
  const t = (e) => e.ts / 1000 - t0;
  const end = (e) => (e.ts + (e.dur || 0)) / 1000 - t0;
  const sum = (list) => list.reduce((s, e) => s + (e.dur || 0) / 1000, 0);
  const before = (list) => list.filter((e) => t(e) < until);

  const evaluate = main.filter((e) => e.name === 'EvaluateScript');
  const byUrl = (re) => evaluate.filter((e) => re.test(e.args?.data?.url || ''));
  const stub = byUrl(/consentry-stub\.js$/)[0];
  const vanillaJs = byUrl(/cookieconsent\.umd\.js$/)[0];
  const compileModule = main.find((e) => e.name === 'v8.compileModule' && /consentry\.js$/.test(e.args?.data?.url || ''));
  const evaluateModule = main.find((e) => e.name === 'v8.evaluateModule');
  const wasmResponse = main.find((e) => e.name === 'v8.wasm.streamFromResponseCallback');
  const wasmCompile = main.filter((e) => e.name.startsWith('v8.wasm.compile'));
  const tasks = before(main.filter((e) => e.name === 'RunTask' && e.dur));
  const long = tasks.filter((e) => e.dur / 1000 > 50);
  // What ran in each long task: its EvaluateScript/FunctionCall children by URL.
  const longTasks = long
    .sort((a, b) => b.dur - a.dur)
    .slice(0, 4)
    .map((task) => {
      const inside = main.filter((e) => e.ts >= task.ts && e.ts < task.ts + task.dur && (e.name === 'EvaluateScript' || e.name === 'v8.evaluateModule' || e.name === 'ParseHTML' || e.name === 'FunctionCall'));
      const what = {};
      for (const e of inside) {
        if (e.name === 'FunctionCall' && inside.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur)) continue;
        const url = e.args?.data?.url || e.args?.beginData?.url || (e.name === 'v8.evaluateModule' ? 'module' : '?');
        const key = `${e.name === 'ParseHTML' ? 'parse ' : ''}${url.replace(/^https?:\/\/127\.0\.0\.1:\d+/, '')}`;
        what[key] = (what[key] || 0) + e.dur / 1000;
      }
      return { start: t(task), dur: task.dur / 1000, what: Object.entries(what).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k} ${v.toFixed(0)}`) };
    });
  // The task in which the dialog's host entered the DOM, by what it did
  // (its direct children: script, style, layout, ...).
  let dialogTask = null;
  if (typeof state.at.dialogHost === 'number') {
    const at = (state.at.dialogHost + t0) * 1000;
    const task = main.find((e) => e.name === 'RunTask' && e.ts <= at && e.ts + e.dur >= at);
    if (task) {
      const kinds = {};
      const inside = main.filter((e) => e !== task && e.dur && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
      for (const e of inside) {
        if (inside.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur)) continue; // not top level
        kinds[e.name] = (kinds[e.name] || 0) + e.dur / 1000;
      }
      const layout = inside.filter((e) => e.name === 'Layout' || e.name === 'UpdateLayoutTree');
      dialogTask = {
        start: t(task),
        dur: task.dur / 1000,
        styleAndLayoutMs: sum(layout.filter((e) => !layout.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur))),
        top: Object.entries(kinds).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${v.toFixed(1)}`),
      };
    }
  }
  const call = (name) => state.calls[name] || null;
  return {
    parseStart: t(parse[0]),
    // The parser's last chunk before DOMContentLoaded (later ParseHTML events
    // are fragment parses, e.g. a dialog's innerHTML).
    parseEnd: Math.max(...parse.filter((e) => state.dcl == null || t(e) < state.dcl).map(end)),
    parseMs: sum(parse),
    dcl: state.dcl,
    stubStart: stub ? t(stub) : null,
    stubMs: stub ? stub.dur / 1000 : null,
    vanillaStart: vanillaJs ? t(vanillaJs) : null,
    vanillaMs: vanillaJs ? vanillaJs.dur / 1000 : null,
    moduleFetched: state.resources['/consentry/consentry.js']?.end ?? null,
    moduleCompileStart: compileModule ? t(compileModule) : null,
    moduleCompileMs: compileModule ? compileModule.dur / 1000 : null,
    moduleEvalStart: evaluateModule ? t(evaluateModule) : null,
    moduleEvalMs: evaluateModule ? evaluateModule.dur / 1000 : null,
    apiReady: state.at.apiReady ?? null,
    wasmFetchStart: state.resources['/consentry/consentry_core_bg.wasm']?.start ?? null,
    wasmFetched: state.resources['/consentry/consentry_core_bg.wasm']?.end ?? null,
    wasmResponseOnMain: wasmResponse ? t(wasmResponse) : null,
    wasmCompileMainMs: sum(wasmCompile),
    wasmCompileStreamingCalled: state.at['wasm.compileStreaming'] ?? null,
    wasmCompiled: state.at.wasmCompiled ?? null,
    wasmInstantiateCalled: state.at['wasm.Instance'] ?? state.at['wasm.instantiateStreaming'] ?? state.at['wasm.instantiate'] ?? null,
    wasmInstantiated: state.at.wasmInstantiated ?? null,
    setupReadStart: call('setup_read')?.first ?? null,
    setupReadMs: call('setup_read')?.firstDur ?? null,
    coreStartStart: call('setup_start')?.first ?? null,
    coreStartMs: call('setup_start')?.firstDur ?? null,
    markupMs: ['shell', 'first', 'preferences'].reduce((x, n) => x + (call(n)?.total ?? 0), 0) || null,
    coreCallsMs: Object.values(state.calls).reduce((s, c) => s + c.total, 0) || null,
    coreCalls: Object.entries(state.calls).map(([name, c]) => [name, c.count, c.total]).sort((a, b) => b[2] - a[2]),
    dialogHost: state.at.dialogHost ?? null,
    dialogVisible: state.visibleAt,
    heldLibFetchStart: state.resources['/site/analytics.js']?.start ?? null,
    heldLibFetched: state.resources['/site/analytics.js']?.end ?? null,
    heldLibRan: state.libAt,
    heldScriptsRan: state.marker,
    // Main-thread work until `until` (dialog visible or held scripts ran), by kind.
    busyMs: sum(tasks),
    productScriptMs: sum(before(evaluate.filter((e) => PRODUCT_SCRIPT.test(e.args?.data?.url || '')))) + (evaluateModule && t(evaluateModule) < until ? evaluateModule.dur / 1000 : 0),
    siteScriptMs: sum(before(evaluate.filter((e) => SITE_SCRIPT.test(e.args?.data?.url || '')))),
    inlineScriptMs: sum(before(evaluate.filter((e) => e.args?.data?.url === pageUrl))),
    parseBeforeMs: sum(before(parse)),
    longTaskCount: long.length,
    blockingMs: long.reduce((s, e) => s + e.dur / 1000 - 50, 0),
    longTasks,
    dialogTaskMs: dialogTask ? dialogTask.dur : null,
    dialogTaskStyleLayoutMs: dialogTask ? dialogTask.styleAndLayoutMs : null,
    dialogTask,
  };
}

/**
 * The click on "Accept all" until the held scripts ran: the task of the
 * click (its top-level work), the held library's fetch, what else ran on
 * the main thread meanwhile (scripts by URL: the site's, the released
 * vendors', the product's), in page time.
 */
function analyseClick(events, state) {
  const click = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click');
  if (!click) return { error: 'no click EventDispatch in the trace' };
  const { pid, tid } = click;
  const main = events.filter((e) => e.pid === pid && e.tid === tid);
  const origin = main.find((e) => e.name === 'bench:click-origin');
  if (!origin) return { error: 'no bench:click-origin mark in the trace' };
  const t0 = origin.ts / 1000 - state.clickOriginStart;
  const t = (e) => e.ts / 1000 - t0;
  const until = state.marker;
  const top = (task) => {
    const inside = main.filter((e) => e !== task && e.dur && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
    const kinds = {};
    for (const e of inside) {
      if (inside.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur)) continue;
      const url = e.args?.data?.url;
      const key = url ? `${e.name} ${url.replace(/^https?:\/\/127\.0\.0\.1:\d+/, '').replace(/^https:\/\//, '').slice(0, 60)}` : e.name;
      kinds[key] = (kinds[key] || 0) + e.dur / 1000;
    }
    return Object.entries(kinds).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, v]) => `${k} ${v.toFixed(1)}`);
  };
  const task = main.find((e) => e.name === 'RunTask' && e.ts <= click.ts && e.ts + e.dur >= click.ts + click.dur);
  const tasks = main.filter((e) => e.name === 'RunTask' && e.dur && t(e) >= (task ? t(task) : t(click)) && t(e) < until);
  const evaluate = main.filter((e) => (e.name === 'EvaluateScript' || e.name === 'v8.compile') && t(e) >= t(click) && t(e) < until);
  const third = evaluate.filter((e) => e.name === 'EvaluateScript' && /^https:/.test(e.args?.data?.url || ''));
  const sum = (list) => list.reduce((x, e) => x + (e.dur || 0) / 1000, 0);
  const lib = state.resources['/site/analytics.js'];
  return {
    click: state.at.click ?? t(click),
    clickTaskMs: task ? task.dur / 1000 : null,
    clickTaskTop: task ? top(task) : [],
    heldLibFetchStart: lib?.start ?? null,
    heldLibRequestSent: lib?.requestStart || null,
    heldLibResponseStart: lib?.responseStart || null,
    heldLibFetched: lib?.end ?? null,
    heldLibRan: state.libAt,
    heldScriptsRan: state.marker,
    // Requests of the page in flight at the click (images, vendors): an
    // HTTP/1.1 origin serves 6 at a time, the rest wait for a connection.
    inFlightAtClick: state.inFlightAtClick ?? null,
    busyMs: sum(tasks),
    thirdPartyScripts: third.length,
    thirdPartyScriptMs: sum(third),
    longest: tasks
      .sort((a, b) => b.dur - a.dur)
      .slice(0, 3)
      .map((x) => `${t(x).toFixed(0)} +${(x.dur / 1000).toFixed(0)} [${top(x).slice(0, 3).join(', ')}]`),
  };
}

async function runTarget(browser, origin, target, throttle) {
  const context = await browser.newContext();
  await context.addInitScript(instrument, { shadowHost: target.product.shadowHost ?? null, dialog: target.product.dialog });
  await context.addInitScript(marks);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  const url = origin + target.page;
  const out = { errors: [] };
  page.on('pageerror', (e) => out.errors.push(String(e)));
  try {
    const firstVisit = await traced(cdp, async () => {
      await page.goto(url, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.__bench.visibleAt !== null, null, { timeout: TIMEOUT });
      await page.waitForTimeout(SETTLE_MS);
      return page.evaluate(pageState);
    });
    out.first = { ...analyse(firstVisit.events, url, firstVisit.value, firstVisit.value.visibleAt), state: firstVisit.value };
    // As the bench does: the visitor reads for READ_MS, then clicks.
    await page.waitForTimeout(READ_MS - SETTLE_MS);
    const clicked = await traced(cdp, async () => {
      const clickOriginStart = await page.evaluate(() => performance.mark('bench:click-origin').startTime);
      await page.click(target.product.accept, { timeout: TIMEOUT });
      await page.waitForFunction(() => window.benchMarker !== undefined, null, { timeout: TIMEOUT });
      await page.waitForTimeout(SETTLE_MS);
      const state = await page.evaluate(pageState);
      const inFlightAtClick = await page.evaluate(
        (at) => performance.getEntriesByType('resource').filter((e) => e.name.startsWith(location.origin) && e.startTime <= at && e.responseEnd > at).length,
        state.at.click,
      );
      return { ...state, clickOriginStart, inFlightAtClick };
    });
    out.click = analyseClick(clicked.events, clicked.value);
    const returning = await traced(cdp, async () => {
      await page.goto(url, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.benchMarker !== undefined, null, { timeout: TIMEOUT });
      await page.waitForTimeout(SETTLE_MS);
      return page.evaluate(pageState);
    });
    out.returning = { ...analyse(returning.events, url, returning.value, returning.value.marker), state: returning.value };
  } catch (e) {
    out.failure = String(e.message || e).split('\n')[0];
  } finally {
    await context.close();
  }
  return out;
}

// Rows of the median timeline: key, label (page time in ms unless "Ms": a duration).
const ROWS = [
  ['parseStart', 'HTML parsing starts'],
  ['stubStart', 'stub runs (start)'],
  ['stubMs', 'stub: execution (ms)'],
  ['moduleFetched', 'consentry.js fetched'],
  ['moduleCompileStart', 'consentry.js compiled (start)'],
  ['moduleCompileMs', 'consentry.js: compile (ms)'],
  ['wasmFetchStart', 'wasm fetch starts'],
  ['wasmFetched', 'wasm fetched'],
  ['parseEnd', 'HTML parsing ends (incl. sync scripts)'],
  ['vanillaStart', 'vanilla umd.js runs (start)'],
  ['vanillaMs', 'vanilla umd.js: execution (ms)'],
  ['dcl', 'DOMContentLoaded'],
  ['moduleEvalStart', 'consentry.js evaluated (start)'],
  ['moduleEvalMs', 'consentry.js: top-level evaluation (ms)'],
  ['apiReady', 'window.consentry = API (module top level done)'],
  ['wasmResponseOnMain', 'wasm response reaches the main thread (streaming compile starts)'],
  ['wasmCompileStreamingCalled', 'WebAssembly.compileStreaming called (stub or entry)'],
  ['wasmCompiled', 'wasm compiled (compileStreaming resolved)'],
  ['wasmInstantiateCalled', 'instantiation starts (new Instance, or instantiate(Streaming))'],
  ['wasmInstantiated', 'wasm compiled + instantiated'],
  ['setupReadStart', 'Setup.read (start)'],
  ['setupReadMs', 'Setup.read: the config parse (ms)'],
  ['coreStartStart', 'Setup.start (start): texts, the Core'],
  ['coreStartMs', 'Setup.start (ms)'],
  ['markupMs', 'markup calls: shell, first layer (ms, total)'],
  ['coreCallsMs', 'all core_* calls (ms, total)'],
  ['dialogHost', 'dialog host in the DOM'],
  ['dialogVisible', 'dialog visible (first frame)'],
  ['heldLibFetchStart', 'held analytics library: fetch starts (activated)'],
  ['heldLibFetched', 'held analytics library: fetched'],
  ['heldLibRan', 'held analytics library ran'],
  ['heldScriptsRan', 'held scripts ran (marker)'],
  ['busyMs', 'main thread busy until then (ms)'],
  ['parseBeforeMs', '… HTML parsing (ms)'],
  ['siteScriptMs', "… the site's own scripts (ms)"],
  ['inlineScriptMs', '… inline scripts (ms)'],
  ['productScriptMs', "… the product's scripts (ms, excl. wasm and async work)"],
  ['blockingMs', 'blocking time until then (ms)'],
  ['dialogTaskMs', 'the task that inserted the dialog (ms)'],
  ['dialogTaskStyleLayoutMs', '… style and layout in it (ms)'],
];

// Intervals, as medians of each run's own difference (steadier than a
// difference of medians when whole runs shift with the machine's load).
const INTERVALS = {
  first: [
    ['parseStart', 'parseEnd', 'HTML parsing, start to end (incl. sync scripts)'],
    ['moduleFetched', 'moduleEvalStart', 'consentry.js fetched → evaluated (deferred to the end of parsing)'],
    ['moduleEvalStart', 'wasmFetchStart', 'consentry.js evaluated → wasm fetch starts'],
    ['wasmFetched', 'wasmResponseOnMain', 'wasm fetched → its response handled on the main thread'],
    ['moduleEvalStart', 'coreStartStart', 'consentry.js evaluated → Setup.start'],
    ['coreStartStart', 'dialogHost', 'Setup.start → dialog host in the DOM'],
    ['vanillaStart', 'dialogHost', 'vanilla umd.js runs → dialog host in the DOM'],
    ['dialogHost', 'dialogVisible', 'dialog host in the DOM → first frame with the dialog visible'],
    ['dcl', 'dialogVisible', 'DOMContentLoaded → dialog visible'],
  ],
  returning: [
    ['moduleFetched', 'moduleEvalStart', 'consentry.js fetched → evaluated'],
    ['moduleEvalStart', 'coreStartStart', 'consentry.js evaluated → Setup.start'],
    ['coreStartStart', 'heldLibFetchStart', 'Setup.start → held library inserted (activation)'],
    ['vanillaStart', 'heldLibFetchStart', 'vanilla umd.js runs → held library inserted'],
    ['heldLibFetchStart', 'heldLibFetched', 'held library: fetch'],
    ['heldLibFetched', 'heldLibRan', 'held library fetched → ran (waiting for the main thread)'],
    ['dcl', 'heldScriptsRan', 'DOMContentLoaded → held scripts ran'],
  ],
};

function intervals(results, visit, throttle) {
  const names = TARGETS.map((x) => x.name);
  const lines = [`Intervals (ms; median of each run's difference):`, ''];
  lines.push(`| interval | ${names.join(' | ')} |`);
  lines.push(`|---|${names.map(() => '---:').join('|')}|`);
  for (const [from, to, label] of INTERVALS[visit]) {
    const cells = names.map((n) => {
      const d = results[throttle][n]
        .filter((r) => r[visit] && !r[visit].error)
        .filter((r) => typeof r[visit][from] === 'number' && typeof r[visit][to] === 'number')
        .map((r) => r[visit][to] - r[visit][from]);
      return d.length ? fmt(median(d), 1) : '—';
    });
    if (!cells.every((c) => c === '—')) lines.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  return lines;
}

function table(results, visit, throttle) {
  const names = TARGETS.map((x) => x.name);
  const lines = [`### ${visit === 'first' ? 'First visit (until the dialog is visible)' : 'Returning visit (until the held scripts ran)'}, CPU ${throttle === 1 ? 'unthrottled' : `×${throttle}`}`, ''];
  lines.push(`| step (ms since navigation start) | ${names.join(' | ')} |`);
  lines.push(`|---|${names.map(() => '---:').join('|')}|`);
  for (const [key, label] of ROWS) {
    const cells = names.map((n) => {
      const runs = results[throttle][n].filter((r) => r[visit] && !r[visit].error).map((r) => r[visit][key]);
      const values = runs.filter((v) => typeof v === 'number' && Number.isFinite(v));
      return values.length ? fmt(median(values), 1) : '—';
    });
    if (cells.every((c) => c === '—')) continue;
    lines.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  const ok = names.map((n) => `${results[throttle][n].filter((r) => r[visit] && !r[visit].error).length}`);
  lines.push(`| runs | ${ok.join(' | ')} |`);
  lines.push('');
  lines.push(...intervals(results, visit, throttle));
  lines.push('Calls into the core during the visit (first run; export: calls, ms in total):');
  lines.push('');
  for (const n of names) {
    const r = results[throttle][n].find((x) => x[visit] && !x[visit].error);
    if (r && r[visit].coreCalls.length) lines.push(`- ${n}: ${r[visit].coreCalls.map(([k, c, ms]) => `${k} ${c}× ${ms.toFixed(2)}`).join(', ')}`);
  }
  lines.push('');
  if (visit === 'first') {
    lines.push('The task that inserted the dialog (first run; start, duration, its top-level work in ms):');
    lines.push('');
    for (const n of names) {
      const r = results[throttle][n].find((x) => x.first && x.first.dialogTask);
      if (r) lines.push(`- ${n}: ${r.first.dialogTask.start.toFixed(0)} +${r.first.dialogTask.dur.toFixed(0)} [${r.first.dialogTask.top.join(', ')}]`);
    }
    lines.push('');
  }
  lines.push('Longest tasks before then (first run; start, duration, what ran, ms):');
  lines.push('');
  for (const n of names) {
    const r = results[throttle][n].find((x) => x[visit] && !x[visit].error);
    if (!r) continue;
    const lt = r[visit].longTasks.map((x) => `${x.start.toFixed(0)} +${x.dur.toFixed(0)} [${x.what.join(', ')}]`).join('; ');
    lines.push(`- ${n}: ${lt || 'none'}`);
  }
  lines.push('');
  return lines;
}

const CLICK_ROWS = [
  ['click', 'click "Accept all"'],
  ['clickTaskMs', 'the click\'s task (ms)'],
  ['heldLibFetchStart', 'held analytics library: fetch starts'],
  ['heldLibFetched', 'held analytics library: fetched'],
  ['heldLibRan', 'held analytics library ran'],
  ['heldScriptsRan', 'held scripts ran (marker)'],
  ['inFlightAtClick', 'first-party requests still loading at the click (count)'],
  ['busyMs', 'main thread busy from the click until then (ms)'],
  ['thirdPartyScripts', '… third-party scripts evaluated (count)'],
  ['thirdPartyScriptMs', '… their evaluation (ms)'],
];

function clickTable(results, throttle) {
  const names = TARGETS.map((x) => x.name);
  const lines = [`### Click "Accept all" → held scripts ran, CPU ${throttle === 1 ? 'unthrottled' : `×${throttle}`}`, ''];
  lines.push(`| step (ms since navigation start) | ${names.join(' | ')} |`);
  lines.push(`|---|${names.map(() => '---:').join('|')}|`);
  const ok = (n) => results[throttle][n].filter((r) => r.click && !r.click.error);
  for (const [key, label] of CLICK_ROWS) {
    const cells = names.map((n) => {
      const values = ok(n).map((r) => r.click[key]).filter((v) => typeof v === 'number' && Number.isFinite(v));
      return values.length ? fmt(median(values), 1) : '—';
    });
    if (!cells.every((c) => c === '—')) lines.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  const spans = [
    ['click', 'heldLibFetchStart', 'click → held library inserted'],
    ['heldLibFetchStart', 'heldLibFetched', 'held library: fetch'],
    ['heldLibFetchStart', 'heldLibRequestSent', '… waiting for a connection (fetch start → request sent)'],
    ['heldLibRequestSent', 'heldLibResponseStart', '… the server (request sent → first byte)'],
    ['heldLibFetched', 'heldLibRan', 'held library fetched → ran'],
    ['click', 'heldScriptsRan', '**click → held scripts ran**'],
  ];
  for (const [from, to, label] of spans) {
    const cells = names.map((n) => {
      const d = ok(n).filter((r) => typeof r.click[from] === 'number' && typeof r.click[to] === 'number').map((r) => r.click[to] - r.click[from]);
      return d.length ? fmt(median(d), 1) : '—';
    });
    lines.push(`| ${label} (median of each run's difference) | ${cells.join(' | ')} |`);
  }
  lines.push(`| runs | ${names.map((n) => ok(n).length).join(' | ')} |`);
  lines.push('');
  lines.push("The click's task and the longest tasks until the held scripts ran (first run; start, duration, top-level work in ms):");
  lines.push('');
  for (const n of names) {
    const r = ok(n)[0];
    if (r) lines.push(`- ${n}: click task [${r.click.clickTaskTop.join(', ')}]; longest: ${r.click.longest.join('; ') || 'none'}`);
  }
  lines.push('');
  return lines;
}

const started = Date.now();
let results = Object.fromEntries(THROTTLES.map((th) => [th, Object.fromEntries(TARGETS.map((x) => [x.name, []]))]));
let load = [os.loadavg()[0]];
let chromiumVersion = '';
let runs = RUNS;
let throttles = THROTTLES;
if (process.env.TRACE_FROM) {
  // Only the report, from an earlier run's results-trace.json.
  const saved = JSON.parse(await readFile(process.env.TRACE_FROM, 'utf8'));
  ({ results, load, runs } = saved);
  chromiumVersion = saved.chromium;
  throttles = Object.keys(results).map(Number);
} else {
  const siteDir = await mkdtemp(join(os.tmpdir(), 'consentry-trace-'));
  await buildSite(siteDir);
  await copyVariantFiles(siteDir);
  for (const target of TARGETS) if (target.html) await writeFile(join(siteDir, target.page), target.html);
  const server = await serve(siteDir, 0);
  const thirdParties = await startThirdParties(); // the fake vendors (not counted here)
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: [...ARGS, ...thirdParties.args] });
    chromiumVersion = browser.version();
    try {
      for (const target of TARGETS) await runTarget(browser, origin, target, 1); // warm-up, not recorded
      for (let round = 0; round < RUNS; round++) {
        for (const throttle of THROTTLES) {
          for (const target of TARGETS) results[throttle][target.name].push(await runTarget(browser, origin, target, throttle));
        }
        load.push(os.loadavg()[0]);
        process.stderr.write(`trace round ${round + 1}/${RUNS} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
      }
    } finally {
      await browser.close();
    }
  } finally {
    await new Promise((ok) => server.close(ok));
    await thirdParties.close();
    await rm(siteDir, { recursive: true, force: true });
  }
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
const lines = ['# Trace timelines (bench/trace.mjs)', ''];
lines.push(
  `${new Date().toISOString()}, ${os.cpus()[0].model} (${os.cpus().length} cores), Chromium ${chromiumVersion}; ${runs} interleaved runs per target and throttling, medians; ` +
    `1-minute load average during the runs ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}. Traced (CDP Tracing: ${CATEGORIES.join(', ')}), so absolute times carry the tracing overhead; compare within a table.`,
);
lines.push('');
lines.push('Targets: the realistic shop page of each; the variants are bench-only copies of Consentry\'s page:');
lines.push('');
for (const target of TARGETS.filter((x) => x.about)) lines.push(`- **${target.name}**: ${target.about}`);
lines.push('');
for (const throttle of throttles) {
  for (const visit of ['first', 'returning']) lines.push(...table(results, visit, throttle));
  lines.push(...clickTable(results, throttle));
}
const failures = TARGETS.flatMap((x) => throttles.flatMap((th) => results[th][x.name].filter((r) => r.failure || r.errors.length).map((r) => `${x.name} ×${th}: ${r.failure || ''} ${r.errors.join(' / ')}`)));
lines.push(failures.length ? `Failures and page errors: ${failures.slice(0, 10).join('; ')}` : 'No failures or page errors.');
await writeFile(join(HERE, 'results-trace.md'), lines.join('\n') + '\n');
const strip = (r) => ({ ...r, first: r.first && { ...r.first, state: undefined }, returning: r.returning && { ...r.returning, state: undefined } }); // (click carries no state)
if (!process.env.TRACE_FROM) await writeFile(
  join(HERE, 'results-trace.json'),
  JSON.stringify({ date: new Date().toISOString(), chromium: chromiumVersion, runs, load, targets: TARGETS.map((x) => ({ name: x.name, about: x.about || null })), results: Object.fromEntries(throttles.map((th) => [th, Object.fromEntries(TARGETS.map((x) => [x.name, results[th][x.name].map(strip)]))])) }, null, 1) + '\n',
);
console.log(lines.join('\n'));
console.log(`traced in ${((Date.now() - started) / 1000).toFixed(0)} s`);
