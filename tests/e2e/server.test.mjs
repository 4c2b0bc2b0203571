// consentry/server against the page: the cookie a real Chromium page wrote,
// sent back as the Cookie header of its next request, decodes on the server
// (pkg/server.js, in this Node process) to the record the page holds; for
// random configs and random decisions (the API's and the dialog's switches).
// Tampered, expired and older-revision cookies are no consent on both sides.
// And the server entry runs in a Node with no DOM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, mkdir, symlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ARGS } from './harness.mjs';
import { readConsent, hasConsent, resetCookies, loadCore } from '../../pkg/server.js';

const PKG = fileURLToPath(new URL('../../pkg', import.meta.url));
const CONFIGS = 100;
const DECISIONS_PER_CONFIG = 100; // 10,000 records in all

// ---- random configs and decisions (seeded: a failure can be replayed) ----

function generator(seed) {
  let s = seed >>> 0;
  const next = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[int(0, list.length - 1)];
  const key = () => pick('abcdefghijklmnopqrstuvwxyz') + Array.from({ length: int(0, 10) }, () => pick('abcdefghijklmnopqrstuvwxyz0123456789_-')).join('');
  return { next, int, pick, key };
}

function randomConfig(r, i) {
  const categories = {};
  const count = r.int(1, 8);
  while (Object.keys(categories).length < count) {
    const services = {};
    for (let s = r.int(0, r.next() < 0.5 ? 0 : 5); s > 0; s--) services[r.key()] = {};
    categories[r.key()] = { required: r.next() < 0.2, services };
  }
  return {
    revision: r.int(0, 4294967295),
    cookie: { name: `cy${i}_${r.key()}`, expiresDays: r.int(1, 395), sameSite: r.pick(['Lax', 'Strict']) },
    categories,
  };
}

const PAGE = (config) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>server test</title><link rel="icon" href="data:,">
<script src="/consentry/consentry-stub.js"></script>
<script type="application/json" id="consentry-config">${JSON.stringify(config)}</script>
<script type="module" src="/consentry/consentry.js"></script></head><body><h1>server test</h1></body></html>`;

// ---- the test server: the package, one page per config, and the probe ----

let server;
let origin;
let browser;
const configs = [];
/** What the probe requests carried: `{ config, header, jar, record }` (every twentieth decision). */
const probes = [];

before(async () => {
  const r = generator(18);
  for (let i = 0; i < CONFIGS; i++) configs.push(randomConfig(r, i));
  server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname.startsWith('/page/')) {
      const config = configs[Number(url.pathname.slice(6))];
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE(config));
    } else if (url.pathname === '/probe' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const { i, jar, record } = JSON.parse(body);
      probes.push({ config: configs[i], header: req.headers.cookie ?? '', jar, record });
      res.writeHead(204).end();
    } else if (url.pathname.startsWith('/consentry/')) {
      const file = normalize(join(PKG, url.pathname.slice('/consentry/'.length)));
      if (!file.startsWith(PKG)) return res.writeHead(403).end();
      const type = file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.json') ? 'application/json' : 'text/javascript';
      readFile(file).then(
        (bytes) => res.writeHead(200, { 'content-type': type }).end(bytes),
        () => res.writeHead(404).end(),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  // No request interception (it costs every request a round trip through
  // the driver; these pages load nothing from elsewhere): other hosts do
  // not resolve at all.
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [...ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
});

after(async () => {
  await browser.close();
  await new Promise((ok) => server.close(ok));
});

/**
 * In the page: `count` random decisions; after each, the record the page
 * holds and the cookie jar as the page reads it; after every twentieth, also a
 * request, whose Cookie header the test server keeps (a request per
 * decision would cost the test minutes).
 */
function decideInPage({ i, count, seed }) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const api = window.consentry;
  const keys = Object.keys(JSON.parse(document.getElementById('consentry-config').textContent).categories);
  const subset = () => keys.filter(() => next() < 0.5);
  return (async () => {
    const seen = [];
    for (let n = 0; n < count; n++) {
      const kind = Math.floor(next() * 6);
      if (kind === 0) api.acceptAll();
      else if (kind === 1) api.rejectAll();
      else if (kind === 2) api.accept(subset());
      else if (kind === 3) api.optOut(next() < 0.3 ? undefined : subset());
      else {
        // The preferences layer's switches, at random, then "Save".
        api.showPreferences();
        const root = document.getElementById('consentry-dialog').shadowRoot;
        for (const input of root.querySelectorAll('input[data-c]:not([disabled])')) {
          if (next() < 0.5) {
            input.checked = !input.checked;
            input.dispatchEvent(new Event('change', { bubbles: true }));
          }
        }
        root.querySelector('button[data-a="save"]').click();
      }
      seen.push({ record: api.getConsent(), jar: document.cookie });
      if (n % 20 === 19) {
        await fetch('/probe', { method: 'POST', body: JSON.stringify({ i, jar: document.cookie, record: api.getConsent() }) });
      }
    }
    return seen;
  })();
}

test('10,000 cookies written by Chromium pages decode on the server to the records the pages hold', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const cases = [];
  try {
    for (let i = 0; i < CONFIGS; i++) {
      await context.clearCookies();
      await page.goto(`${origin}/page/${i}`);
      await page.waitForFunction(() => window.consentry && typeof window.consentry.getConsent === 'function');
      await page.evaluate(() => new Promise((ok) => window.consentry.push(ok)));
      const seen = await page.evaluate(decideInPage, { i, count: DECISIONS_PER_CONFIG, seed: 1000 + i });
      for (const { record, jar } of seen) cases.push({ config: configs[i], header: jar, record });
    }
  } finally {
    await context.close();
  }
  assert.deepEqual(errors, []);
  assert.equal(cases.length, CONFIGS * DECISIONS_PER_CONFIG);
  let custom = 0;
  for (const { config, header, record } of cases) {
    assert.ok(record, 'the page holds a record after a decision');
    assert.deepEqual(readConsent(header, config), record, `config ${JSON.stringify(config)}\ncookie ${header}`);
    if (record.method === 'custom') custom++;
  }
  // The dialog's switches made a good share of them (services included).
  assert.ok(custom > cases.length / 4, `custom records: ${custom}`);
  // What a server receives: the request's Cookie header holds what the page read.
  assert.equal(probes.length, cases.length / 20);
  for (const { config, header, jar, record } of probes) {
    assert.deepEqual(readConsent(header, config), record, `Cookie: ${header}`);
    assert.equal(header, jar);
  }
});

/** A probe's consent cookie value. */
function valueOf({ config, header }) {
  const pair = header.split('; ').find((p) => p.startsWith(`${config.cookie.name}=`));
  return pair.slice(config.cookie.name.length + 1);
}

/** Opens config `i`'s page with `value` stored as its consent cookie; the page's record (null: no consent). */
async function pageRecord(config, value, options = {}) {
  const context = await browser.newContext();
  configs.push(config);
  const at = configs.length - 1;
  await context.addCookies([{ name: config.cookie.name, value, url: origin }]);
  const page = await context.newPage();
  if (options.time) await page.clock.setFixedTime(options.time);
  try {
    await page.goto(`${origin}/page/${at}`);
    await page.waitForFunction(() => window.consentry && typeof window.consentry.getConsent === 'function');
    return await page.evaluate(() => new Promise((ok) => window.consentry.push((api) => ok(api.getConsent()))));
  } finally {
    await context.close();
  }
}

test('tampered, expired and older-revision cookies are no consent, on the server and in the page', async () => {
  assert.ok(probes.length > 0, 'runs after the round trip, which leaves cookies to tamper with');
  const samples = probes.filter((_, n) => n % 997 === 0).slice(0, 8);
  for (const probe of samples) {
    const { config, record } = probe;
    const value = valueOf(probe);
    const header = (v) => `other=1; ${config.cookie.name}=${v}`;
    assert.deepEqual(readConsent(header(value), config), record);

    // Edited by hand: one character less or more, the version, the layout, a padding bit.
    const fields = value.split('.');
    const last = fields[7];
    const tampered = [
      value.slice(0, -1),
      value + 'A',
      ['2', ...fields.slice(1)].join('.'),
      [...fields.slice(0, 6), fields[6].replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), last].join('.'),
      value.replace(/\.(\d+)\./, (m, rev) => `.0${rev}.`),
    ];
    for (const bad of tampered) {
      assert.equal(readConsent(header(bad), config), null, `tampered ${bad}`);
    }
    // The page agrees (two of them per sample, a page load each).
    for (const bad of tampered.slice(0, 2)) {
      assert.equal(await pageRecord(config, bad), null, `the page refuses ${bad}`);
    }

    // Expired: the lifetime after the last decision, and the second before.
    const updated = Date.parse(record.updatedAt);
    const lifetime = config.cookie.expiresDays * 86400 * 1000;
    assert.deepEqual(readConsent(header(value), config, { now: updated + lifetime - 1000 }), record);
    assert.equal(readConsent(header(value), config, { now: updated + lifetime }), null);
    assert.equal(readConsent(header(value), config, { now: new Date(updated + lifetime + 86400e3) }), null);

    // The site bumped its revision.
    const bumped = { ...config, revision: (config.revision + 1) % 4294967296 };
    assert.equal(readConsent(header(value), bumped), null);
    assert.equal(await pageRecord(bumped, value), null, 'the page asks again after a revision bump');
  }
  // One expiry seen by the page too, through its clock.
  const probe = samples[0];
  const updated = Date.parse(probe.record.updatedAt);
  const expiry = updated + probe.config.cookie.expiresDays * 86400 * 1000;
  assert.deepEqual(await pageRecord(probe.config, valueOf(probe), { time: expiry - 60e3 }), probe.record);
  assert.equal(await pageRecord(probe.config, valueOf(probe), { time: expiry + 60e3 }), null);
});

test('hasConsent and resetCookies answer from the record and the config', () => {
  const config = { cookie: { name: 'cy' }, categories: { necessary: { required: true }, marketing: { services: { fb: {} } } } };
  const record = { categories: { necessary: true, marketing: true }, services: { marketing: { fb: false } } };
  assert.equal(hasConsent(record, 'marketing'), true);
  assert.equal(hasConsent(record, 'marketing', 'fb'), false);
  assert.equal(hasConsent(record, 'constructor'), false);
  assert.equal(hasConsent(null, 'necessary'), false);
  const lines = resetCookies(config, { host: 'www.shop.example', path: '/cart/' });
  assert.ok(lines.every((l) => l.startsWith('cy=; Max-Age=0; ')), lines.join('\n'));
  assert.ok(lines.includes('cy=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Domain=.shop.example'));
  assert.throws(() => readConsent('', { categories: {} }), (e) => e.code === 'ERR_CONSENTRY_CONFIG');
  assert.throws(() => resetCookies(config, {}), (e) => e.code === 'ERR_CONSENTRY_ARGUMENT');
  return loadCore(); // already loaded by the Node entry: resolves
});

test('the package runs on a Node with no DOM, and edge runtimes load the core on request', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'consentry-server-'));
  try {
    await mkdir(join(dir, 'node_modules'));
    await symlink(PKG, join(dir, 'node_modules', 'consentry'), 'dir');
    const script = `
      import { readFileSync } from 'node:fs';
      const server = await import('consentry/server');
      const config = { categories: { necessary: { required: true }, analytics: {} } };
      const out = { window: typeof window, document: typeof document, navigator: typeof navigator === 'undefined' ? 'undefined' : 'node' };
      try {
        out.before = server.readConsent('', config);
      } catch (e) {
        out.before = e.code;
        const wasm = readFileSync(new URL(import.meta.resolve('consentry/consentry_server_bg.wasm')));
        await server.loadCore(new WebAssembly.Module(wasm));
        out.after = server.readConsent('', config);
      }
      console.log(JSON.stringify(out));`;
    await writeFile(join(dir, 'probe.mjs'), script);
    const run = async (...flags) => JSON.parse((await promisify(execFile)(process.execPath, [...flags, 'probe.mjs'], { cwd: dir })).stdout);
    const node = await run();
    assert.deepEqual(node, { window: 'undefined', document: 'undefined', navigator: node.navigator, before: null });
    // The edge entry (Vercel's `edge-light` condition): not loaded until loadCore().
    const edge = await run('--conditions=edge-light');
    assert.equal(edge.before, 'ERR_CONSENTRY_NOT_LOADED');
    assert.equal(edge.after, null);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
