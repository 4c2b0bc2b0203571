// `consentry scan` end to end: the CLI (a child process, as a user runs it)
// against the fixture site of tests/fixtures/scan-site/, whose fake vendors
// answer through --host-map: nothing leaves the machine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { ARGS, SCREENSHOTS } from './harness.mjs';
import { startFixture } from '../fixtures/scan-site/server.mjs';
import scan from '../../cli/scan/index.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = `${ROOT}bin/consentry.mjs`;
const CONFIG = `${ROOT}tests/fixtures/scan-site/consentry.config.json`;
const OUT = `${ROOT}target/scan-test`;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let site;
before(async () => {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  site = await startFixture(await readFile(CONFIG, 'utf8'));
});
after(() => site.close());

/** Runs the CLI; resolves { code, stdout, stderr }. `onStderr(text, child)` sees stderr as it comes. */
function run(args, onStderr) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
    child.on('error', fail);
    child.on('close', (code) => ok({ code, stdout, stderr }));
  });
}

const scanArgs = (out, config) => [
  'scan',
  `${site.origin}/`,
  '--config',
  config,
  '--out',
  out,
  '--host-map',
  `*=${site.origin}`,
  '--chromium',
  CHROMIUM,
  '--fail-on',
  'violations',
];

/** A pass's facts as sorted lines, compared whole: nothing missing, nothing extra. */
const cookieLines = (pass) => pass.cookies.map((c) => `${c.name} ${c.domain} ${c.firstParty ? 'first' : 'third'} ${c.category}`).sort();
const storageLines = (pass) => pass.storage.map((s) => `${s.type} ${s.name} ${s.category}`).sort();
const requestLines = (pass) => pass.requests.map((r) => `${r.type} ${r.url} ${r.category}`).sort();
const byId = (report, id) => report.passes.find((p) => p.id === id);

const NECESSARY = ['wordpress_test_cookie 127.0.0.1 first necessary', 'wp_woocommerce_session_abc123 127.0.0.1 first necessary'];
const MATOMO_COOKIES = ['_pk_id.1.a1b2 127.0.0.1 first analytics', '_pk_ses.1.a1b2 127.0.0.1 first analytics'];
const SITE_STORAGE = ['indexedDB site-cache null', 'localStorage theme null', 'sessionStorage checkout-step null'];
const MATOMO_REQUESTS = (category) => [
  `fetch https://stats.analytics.example/matomo.php ${category}`,
  `script https://stats.analytics.example/matomo.js ${category}`,
];
const CONSENT = 'consentry 127.0.0.1 first necessary';
const ACCEPTED_COOKIES = [
  '_fbp 127.0.0.1 first marketing',
  '_ga 127.0.0.1 first analytics',
  '_ga_TEST123 127.0.0.1 first analytics',
  '_gid 127.0.0.1 first analytics',
  '_ym_d 127.0.0.1 first analytics',
  '_ym_uid 127.0.0.1 first analytics',
  'fr .facebook.com third marketing',
];
const ACCEPTED_REQUESTS = [
  'document https://www.youtube-nocookie.com/embed/fixture embeds',
  'image https://mc.yandex.ru/watch/1 analytics',
  'image https://www.facebook.com/tr marketing',
  'ping https://www.google-analytics.com/g/collect analytics',
  'script https://connect.facebook.net/en_US/fbevents.js marketing',
  'script https://mc.yandex.ru/metrika/tag.js analytics',
  'script https://www.googletagmanager.com/gtag/js analytics',
];

test('scan, fix, scan again: the violation and the undeclared cookie are found, and the drafted config is clean', async () => {
  // First scan: the site as its owner configured it.
  const first = await run(scanArgs(`${OUT}/first`, CONFIG));
  assert.equal(first.code, 1, `--fail-on violations exits 1 on violations\n${first.stderr}`);
  assert.match(first.stdout, /violations:\s+4/);
  const report = JSON.parse(await readFile(`${OUT}/first/report.json`, 'utf8'));
  assert.equal(report.complete, true);
  assert.equal(report.consentry.detected, true);
  assert.deepEqual(report.pages, ['/', '/about.html', '/shop.html', '/contact.html', '/privacy.html'].map((p) => site.origin + p), 'same-origin pages only, no PDF, breadth-first');

  const none = byId(report, 'none');
  assert.deepEqual(cookieLines(none), [...NECESSARY, ...MATOMO_COOKIES].sort());
  assert.deepEqual(storageLines(none), SITE_STORAGE);
  assert.deepEqual(requestLines(none), MATOMO_REQUESTS(null));
  const accept = byId(report, 'accept');
  assert.equal(accept.decision.ok, true);
  assert.deepEqual(cookieLines(accept), [...NECESSARY, ...MATOMO_COOKIES, CONSENT, ...ACCEPTED_COOKIES].sort());
  // The fast path's note of the decision (docs/fast-path.md), Consentry's own.
  const NOTE = 'localStorage consentry necessary';
  assert.deepEqual(storageLines(accept), [...SITE_STORAGE, 'localStorage _ym_uid analytics', NOTE].sort());
  assert.deepEqual(requestLines(accept), [...MATOMO_REQUESTS(null), ...ACCEPTED_REQUESTS].sort());
  const reject = byId(report, 'reject');
  assert.equal(reject.decision.ok, true);
  assert.deepEqual(cookieLines(reject), [...NECESSARY, ...MATOMO_COOKIES, CONSENT].sort());
  assert.deepEqual(storageLines(reject), [...SITE_STORAGE, NOTE].sort());
  assert.deepEqual(requestLines(reject), MATOMO_REQUESTS(null));

  // The database's texts, and who did what.
  const ga = accept.cookies.find((c) => c.name === '_ga_TEST123');
  assert.equal(ga.pattern, '_ga_*');
  assert.equal(ga.source, 'Open Cookie Database');
  assert.equal(ga.provider, 'Google');
  assert.equal(ga.retention, '2 years');
  assert.deepEqual(ga.setBy, ['https://www.googletagmanager.com/gtag/js?id=G-TEST123']);
  assert.deepEqual(none.cookies.find((c) => c.name === '_pk_id.1.a1b2').setBy, ['https://stats.analytics.example/matomo.js']);
  const matomoScript = none.requests.find((r) => r.url.endsWith('/matomo.js'));
  assert.deepEqual(matomoScript.initiator, { type: 'script', url: `${site.origin}/js/site.js` });
  assert.equal(accept.cookies.find((c) => c.name === 'fr').sameSite, 'None');

  // Findings.
  const f = report.findings;
  assert.deepEqual(
    f.violations.map((v) => `${v.pass} ${v.kind} ${v.name} ${v.category}`).sort(),
    ['none cookie _pk_id.1.a1b2 analytics', 'none cookie _pk_ses.1.a1b2 analytics', 'reject cookie _pk_id.1.a1b2 analytics', 'reject cookie _pk_ses.1.a1b2 analytics'],
  );
  assert.deepEqual(f.undeclared.map((u) => u.name), ['_gid']);
  assert.deepEqual(f.unused.map((u) => u.pattern), ['_gcl_au']);
  assert.deepEqual(f.retention.map((r) => r.name).sort(), ['_ga', '_ga_TEST123'], 'Chrome keeps 2-year cookies 400 days: over 13 months');
  assert.deepEqual(f.miscategorised, []);
  assert.deepEqual(f.unknown.cookies, []);
  assert.deepEqual(f.unknown.storage.map((s) => s.name).sort(), ['checkout-step', 'site-cache', 'theme']);
  assert.deepEqual(f.unknown.hosts.map((h) => h.host), ['stats.analytics.example']);

  // The draft: the undeclared cookie declared with the database's texts, the
  // unknown tracker held for what it was seen writing, and valid for the core.
  const draft = JSON.parse(await readFile(`${OUT}/first/consentry.config.json`, 'utf8'));
  assert.equal(report.draft.valid, true);
  assert.deepEqual(draft.blocking.hosts, { 'stats.analytics.example': 'analytics' });
  assert.deepEqual(
    draft.categories.analytics.cookies.find((c) => c.name === '_gid'),
    { name: '_gid', provider: 'Google', purpose: 'ID used to identify users for 24 hours after last activity', duration: '24 hours' },
  );

  // Second scan: the site now serves the drafted config.
  site.setConfig(JSON.stringify(draft));
  const second = await run(scanArgs(`${OUT}/second`, `${OUT}/first/consentry.config.json`));
  assert.equal(second.code, 0, `clean: exit 0\n${second.stdout}\n${second.stderr}`);
  const again = JSON.parse(await readFile(`${OUT}/second/report.json`, 'utf8'));
  assert.deepEqual(again.findings.violations, []);
  assert.deepEqual(again.findings.undeclared, []);
  assert.equal(again.summary.clean, true);
  assert.deepEqual(again.findings.unused.map((u) => u.pattern), ['_gcl_au'], 'still declared, still not seen');
  assert.deepEqual(requestLines(byId(again, 'none')), [], 'the stub now holds Matomo until analytics is granted');
  assert.deepEqual(requestLines(byId(again, 'reject')), []);
  assert.deepEqual(cookieLines(byId(again, 'accept')), cookieLines(accept), 'granted, everything runs as before');
  assert.deepEqual(requestLines(byId(again, 'accept')), [...MATOMO_REQUESTS('analytics'), ...ACCEPTED_REQUESTS].sort());
  site.setConfig(await readFile(CONFIG, 'utf8'));
});

test('report.html is self-contained and axe-core finds nothing', async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    const file = pathToFileURL(`${OUT}/first/report.html`).href;
    await page.goto(file);
    assert.deepEqual(requests, [file], 'no external assets');
    assert.equal(await page.locator('h2').first().textContent(), 'Findings', 'findings come first');
    assert.equal(await page.locator('svg[role="img"]').count(), 2, 'the two charts');
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }),
    );
    assert.ok(result.passes.some((p) => p.id === 'color-contrast'), 'axe checked contrast');
    assert.deepEqual(
      result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
    );
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}/scan-report.png`, fullPage: false });
  } finally {
    await browser.close();
  }
});

test('Ctrl-C: the browser closes and a partial report is written (exit 130)', async () => {
  const out = `${OUT}/interrupted`;
  let sent = false;
  const result = await run(scanArgs(out, CONFIG), (stderr, child) => {
    // Interrupt on the first pass's second page.
    if (!sent && stderr.includes('page 2/')) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  assert.ok(sent, result.stderr);
  assert.equal(result.code, 130, result.stderr);
  assert.match(result.stderr, /interrupted/);
  const report = JSON.parse(await readFile(`${out}/report.json`, 'utf8').catch((e) => assert.fail(`${e.message}\n${result.stdout}\n${result.stderr}`)));
  assert.equal(report.complete, false);
  assert.equal(byId(report, 'none').complete, false);
  assert.ok(report.pages.length >= 1 && report.pages.length < 5, `${report.pages.length} pages`);
  assert.ok(byId(report, 'none').cookies.some((c) => c.name === 'wordpress_test_cookie'), 'what was seen is kept');
  assert.match(await readFile(`${out}/report.html`, 'utf8'), /interrupted: partial report/);
});

test('a site without Consentry: one pass, said so, its trackers still found', async () => {
  const out = `${OUT}/plain`;
  const args = ['scan', `${site.origin}/plain.html`, '--out', out, '--host-map', `*=${site.origin}`, '--chromium', CHROMIUM, '--fail-on', 'violations'];
  const result = await run(args);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /does not run Consentry: only the first pass/);
  const report = JSON.parse(await readFile(`${out}/report.json`, 'utf8'));
  assert.equal(report.consentry.detected, false);
  assert.equal(report.config.source, 'none (a minimal one)');
  assert.deepEqual(report.passes.map((p) => `${p.id} ${p.skipped}`), ['none false', 'accept true', 'reject true']);
  assert.deepEqual(
    report.findings.violations.map((v) => `${v.kind} ${v.name} ${v.category}`).sort(),
    [
      'cookie _ga analytics',
      'cookie _ga_TEST123 analytics',
      'cookie _gid analytics',
      'request https://www.google-analytics.com/g/collect analytics',
      'request https://www.googletagmanager.com/gtag/js analytics',
    ],
  );
  assert.deepEqual(report.draft.config.categories.analytics.cookies.map((c) => c.name), ['_ga', '_ga_*', '_gid']);
  assert.equal(report.draft.config.categories.necessary.cookies.some((c) => c.name === 'consentry'), false, 'no consent cookie on a site without Consentry');
});

test('usage errors exit 2 with a message; --help exits 0', async () => {
  // The dispatcher as a process; the command's own checks in-process (faster, same code).
  assert.equal((await run([])).code, 0, 'no command: the list of commands');
  assert.equal((await run(['frobnicate'])).code, 2);
  const help = await run(['scan', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--fail-on/);
  const sink = () => {
    const s = { text: '', write: (t) => (s.text += t) };
    return s;
  };
  await writeFile(`${OUT}/broken.json`, '{ not json');
  for (const [args, message] of [
    [['--pages', 'many', `${site.origin}/`], /--pages takes a whole number/],
    [[], /which site\?/],
    [['ftp://example.com'], /only http and https/],
    [[`${site.origin}/`, '--fail-on', 'everything'], /--fail-on takes/],
    [[`${site.origin}/`, '--host-map', 'nonsense'], /--host-map/],
    [[`${site.origin}/`, '--chromium', '/nonexistent/chromium'], /no Chromium at \/nonexistent\/chromium/],
    [[`${site.origin}/`, '--config', `${OUT}/broken.json`], /--config .*broken\.json/],
    [[`${site.origin}/`, '--config', `${OUT}/missing.json`], /no such file/],
  ]) {
    const stdout = sink();
    const stderr = sink();
    assert.equal(await scan(args, { stdout, stderr }), 2, JSON.stringify(args));
    assert.match(stderr.text, message);
  }
  const unreachable = await run(['scan', 'http://127.0.0.1:1/', '--out', `${OUT}/unreachable`, '--chromium', CHROMIUM]);
  assert.equal(unreachable.code, 2);
  assert.match(unreachable.stderr, /could not load http:\/\/127\.0\.0\.1:1\//);
});
