// The click "Accept all" → held scripts ran, run by run, with the held
// library's resource timing (fetch start, request sent, first byte, end)
// and the moment it ran, all in ms after the click: where the click's
// path goes. Untraced (a trace's overhead lands on the main thread), one
// product at a time, on the realistic shop page. A benchmark probe, not a
// test: nothing is asserted.
//
//   node bench/click-probe.mjs                       (after npm run build and npm ci --prefix bench)
//   P=vanilla-cookieconsent T=4 N=10 node bench/click-probe.mjs
//   P=Consentry,vanilla-cookieconsent N=16 node bench/click-probe.mjs   (interleaved, with the ratio)
//   PROFILE=1 P=Consentry,vanilla-cookieconsent N=4 node bench/click-probe.mjs
//       (also V8's sampling profiler from the click to the marker: the
//       functions with the most self time, ms per run; the profiler's
//       overhead lands in the times above)
import { chromium } from 'playwright-core';
import os from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ARGS } from '../tests/e2e/harness.mjs';
import { PRODUCTS, buildSite, serveSite } from './pages.mjs';
import { instrument, READ_MS, TIMEOUT } from './measure.mjs';
import { startThirdParties } from './thirdparty.mjs';
import { median } from './report.mjs';

const products = (process.env.P || 'Consentry').split(',').map((name) => {
  const product = PRODUCTS.find((p) => p.name === name);
  if (!product) throw new Error(`no product named ${name}`);
  return product;
});
const throttle = Number(process.env.T || 1);
const runs = Number(process.env.N || 6);
const siteDir = await mkdtemp(join(os.tmpdir(), 'consentry-probe-'));
await buildSite(siteDir);
const server = await serveSite(siteDir);
const thirdParties = await startThirdParties();
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: [...ARGS, ...thirdParties.args] });
const totals = new Map(products.map((p) => [p.name, []]));
const PROFILE = process.env.PROFILE === '1';
/** Per product: self time (ms, summed over runs) by function and place. */
const selfTimes = new Map(products.map((p) => [p.name, new Map()]));

/** Adds a CPU profile's self time per function (name, file, line, column) to `into`. */
function addSelfTimes(profile, into) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber, columnNumber } = nodes.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber}:${columnNumber}`;
    into.set(key, (into.get(key) || 0) + (profile.timeDeltas[i + 1] || 0) / 1000);
  });
}
try {
  for (let run = 0; run < runs; run++) for (const product of products) {
    const context = await browser.newContext();
    await context.addInitScript(instrument, { shadowHost: product.shadowHost ?? null, dialog: product.dialog });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.goto(origin + product.shop.page, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__bench.visibleAt !== null, null, { timeout: TIMEOUT });
    await page.waitForTimeout(READ_MS);
    if (PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 50 }); // µs
      await cdp.send('Profiler.start');
    }
    await page.click(product.accept);
    await page.waitForFunction(() => window.benchMarker !== undefined, null, { timeout: TIMEOUT });
    if (PROFILE) addSelfTimes((await cdp.send('Profiler.stop')).profile, selfTimes.get(product.name));
    const r = await page.evaluate(() => {
      const lib = performance.getEntriesByName(location.origin + '/site/analytics.js')[0];
      return { click: window.__bench.clickAt, marker: window.benchMarker, ran: window.benchLibAt, lib: lib && [lib.startTime, lib.requestStart, lib.responseStart, lib.responseEnd] };
    });
    const at = (t) => (t - r.click).toFixed(1);
    totals.get(product.name).push(r.marker - r.click);
    console.log(`${product.name} run ${run + 1}: held scripts ran ${at(r.marker)}; library: fetch ${at(r.lib[0])}, request ${at(r.lib[1])}, first byte ${at(r.lib[2])}, end ${at(r.lib[3])}, ran ${at(r.ran)}`);
    await context.close();
  }
} finally {
  await browser.close();
  await new Promise((ok) => server.close(ok));
  await thirdParties.close();
  await rm(siteDir, { recursive: true, force: true });
}
const first = median(totals.get(products[0].name));
for (const [name, values] of totals) {
  const m = median(values);
  console.log(`${name}, CPU ×${throttle}: click → held scripts ran, median of ${runs}: ${m.toFixed(1)} ms (${(m / first).toFixed(2)}× of ${products[0].name})`);
}
if (PROFILE) {
  for (const [name, times] of selfTimes) {
    const top = [...times].filter(([key]) => !key.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 20);
    console.log(`\n${name}: self time from the click to the marker, ms per run (mean of ${runs}):`);
    for (const [key, ms] of top) console.log(`  ${(ms / runs).toFixed(2)}  ${key}`);
  }
}
