// One matcher: the stub's cat() (js/stub.js, its table generated from
// data/trackers.json) and the core's category_for (src/core/trackers.rs,
// reached through consentry.categoryFor) must agree on every URL. Both see a
// URL through the browser's own parser; this runs generated URLs through
// both in Chromium, in the page: the table's hosts and the config's, their
// subdomains, parents and look-alikes, in every spelling a URL parser
// accepts (case, ports, userinfo, IDN and full-width characters, trailing
// dots, backslashes, dot segments, percent-encoding, whitespace,
// protocol-relative and relative URLs, non-http schemes). 0 disagreements.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { start, scriptTagPage, servePage } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

const CATEGORIES = { necessary: { required: true }, analytics: {}, marketing: {}, embeds: {} };
const HOSTS = {
  'cdn.example.net': 'analytics',
  'static.hotjar.com': false,
  '*.facebook.com': 'embeds',
  'www.youtube.com/embed': false,
  '*.ex.org': 'marketing',
  'a.ex.org': false,
  'px.example.org/collect/v2': 'marketing',
};

/** Page side: `count` URLs from a seeded generator, each through both matchers; the disagreements. */
function differential({ count, seed, keys }) {
  let state = seed >>> 0;
  const random = () => {
    // xorshift32: the same URLs on every run.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const pick = (list) => list[Math.floor(random() * list.length)];
  const maybe = (p, s) => (random() < p ? s : '');
  const hosts = keys.map((k) => k.split('/')[0]);
  const paths = keys.filter((k) => k.includes('/')).map((k) => k.slice(k.indexOf('/')));
  const caseMix = (s) => [...s].map((c) => (random() < 0.3 ? c.toUpperCase() : c)).join('');
  const host = () => {
    let h = pick(hosts).replace(/^\*\./, () => pick(['', 'a.', 'x.y.', 'www.', '-.']));
    const form = random();
    if (form < 0.1) h = h.slice(h.indexOf('.') + 1) || h; // the parent
    else if (form < 0.15) h = pick(['not', 'x-', '']) + h + pick(['.evil.org', 'x', '']); // look-alikes
    else if (form < 0.2) h = h.replace(/[a-z]/, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)); // full width
    else if (form < 0.25) h = pick(['bücher.', 'ドメイン.', 'xn--bcher-kva.']) + h; // IDN
    else if (form < 0.3) h = h.replace(/[a-z]/, (c) => '%' + c.charCodeAt(0).toString(16)); // percent in host
    else if (form < 0.33) h = pick(['127.0.0.1', '[::1]', 'localhost', location.hostname, '0x7f.1', '']);
    return caseMix(h) + maybe(0.1, '.') + maybe(0.03, '..');
  };
  const path = () => {
    const base = random() < 0.5 && paths.length ? pick(paths) : pick(['/', '', '/x', '/tr', '/g/collect', '/embed/ID']);
    const segments = base.split('/');
    const noisy = segments
      .map((seg) =>
        pick([
          seg,
          seg,
          seg,
          seg.replace(/[a-z]/, (c) => '%' + c.charCodeAt(0).toString(16)),
          seg.toUpperCase(),
          seg + '/..',
          './' + seg,
          '..',
          '%2e%2e',
          '.%2E',
          seg + '%2F',
        ]),
      )
      .join(pick(['/', '/', '/', '\\', '//']));
    return noisy + maybe(0.3, pick(['?', '#', '?u=https://www.facebook.com/tr', '#/tr', '?x#y'])) + maybe(0.1, '/');
  };
  const url = () => {
    const scheme = pick([
      'https://', 'https://', 'http://', 'HTTPS://', 'hTtP://', '//', 'ws://', 'wss://', 'https:', 'https:\\\\', 'https:/',
      '\\\\', 'ftp://', 'blob:https://', 'data:text/plain,', 'javascript:', 'mailto:', 'about:', '', '/', './', 'file:///',
    ]);
    const user = maybe(0.1, pick(['user:pass@', 'www.facebook.com@', '@', 'a@b@', ':@']));
    const port = maybe(0.15, pick([':443', ':80', ':8080', ':0', ':65535', ':99999', ':']));
    let u = scheme + user + host() + port + path();
    if (random() < 0.1) u = pick([' ', '\t', '\n', '\u0000', ' \r\n']) + u + pick([' ', '\n', '\t', '']);
    if (random() < 0.05) u = u.replace(/[a-z]/i, (c) => c + pick(['\t', '\n', '\r']));
    return u;
  };
  const stub = window.__cyStub;
  const disagreements = [];
  let tracked = 0;
  for (let i = 0; i < count; i++) {
    const u = url();
    const fromStub = stub.m(u) || null;
    const fromCore = window.consentry.categoryFor(u) || null;
    if (fromStub) tracked++;
    if (fromStub !== fromCore && disagreements.length < 20) disagreements.push({ url: u, stub: fromStub, core: fromCore });
  }
  return { disagreements, tracked };
}

async function run(config, count, seed) {
  const { context, page } = await env.page();
  await servePage(context, env.origin, '/matcher.html', scriptTagPage(JSON.stringify(config)));
  await page.goto(`${env.origin}/matcher.html`);
  await page.evaluate(() => new Promise((ok) => window.consentry.push(() => ok())));
  const { hosts } = JSON.parse(await readFile(new URL('../../data/trackers.json', import.meta.url), 'utf8'));
  const keys = Object.keys(hosts).concat(Object.keys(config.blocking?.hosts || {}));
  const result = await page.evaluate(differential, { count, seed, keys });
  await context.close();
  return result;
}

test('stub and core agree on 100,000 generated URLs (strict mode: blocking.unknown and blocking.hosts)', async () => {
  const { disagreements, tracked } = await run(
    { categories: CATEGORIES, blocking: { hosts: HOSTS, unknown: 'marketing' } },
    100000,
    0x13c0ffee,
  );
  assert.deepEqual(disagreements, []);
  // The generator reaches both answers often: not a run of "no category".
  assert.ok(tracked > 30000 && tracked < 90000, `${tracked} of 100000 held`);
});

test('stub and core agree on 30,000 more with the default (unknown third parties allowed)', async () => {
  const { disagreements, tracked } = await run({ categories: CATEGORIES }, 30000, 0x5eed);
  assert.deepEqual(disagreements, []);
  assert.ok(tracked > 5000, `${tracked} of 30000 held`);
});
