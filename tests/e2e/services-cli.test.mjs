// `consentry services` and consentry/services without a browser: what a
// catalogue key expands to, what the site's own fields keep, the "did you
// mean" warnings, and the command line (output, --out, stdin, --list, exit
// codes). The page side (the table, the deletions) is services.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { declaration, didYouMean, expandServices, loadCatalogue } from '../../cli/services.mjs';
import { NAMED_ONLY } from './services-fixtures.mjs';

const BIN = fileURLToPath(new URL('../../bin/consentry.mjs', import.meta.url));
const catalogue = loadCatalogue();

/** Runs the command; resolves to `{ code, stdout, stderr }`. */
function cli(args, stdin) {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, 'services', ...args], (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, stdout, stderr }),
    );
    if (stdin !== undefined) child.stdin.end(stdin);
  });
}

test('a named service becomes its catalogue declaration: title, every cookie with provider, purpose and duration', () => {
  const { config, warnings } = expandServices(NAMED_ONLY, catalogue);
  assert.deepEqual(warnings, []);
  for (const [category, key] of [
    ['necessary', 'wordpress'],
    ['analytics', 'google-analytics'],
    ['analytics', 'yandex-metrica'],
    ['marketing', 'meta-pixel'],
  ]) {
    const entry = catalogue[key];
    const service = config.categories[category].services[key];
    assert.equal(service.title, entry.title);
    assert.deepEqual(
      service.cookies.map((c) => c.name),
      entry.cookies.map((c) => c.name),
      key,
    );
    for (const [i, cookie] of service.cookies.entries()) {
      assert.equal(cookie.provider, entry.provider, `${key} ${cookie.name}`);
      assert.equal(cookie.purpose, entry.cookies[i].purpose);
      assert.equal(cookie.duration, entry.cookies[i].duration);
    }
  }
  assert.ok(config.categories.necessary.services.wordpress.cookies.some((c) => c.name === 'wordpress_logged_in_*'));
  assert.ok(config.categories.marketing.services['meta-pixel'].cookies.some((c) => c.name === 'fr'));
  // The hosts, held as the category that names the service.
  assert.equal(config.blocking.hosts['mc.yandex.ru'], 'analytics');
  assert.equal(config.blocking.hosts['connect.facebook.net'], 'marketing');
  assert.equal(config.blocking.hosts['*.google-analytics.com'], 'analytics');
  assert.deepEqual(NAMED_ONLY.categories.analytics.services['google-analytics'], {}, 'the input is not changed');
});

test("the site's own fields and blocking.hosts win; storage lands under the browser's name for it", () => {
  const site = {
    categories: {
      analytics: {
        services: { 'google-analytics': { title: 'Statistik', cookies: ['_ga'] }, magento: {} },
      },
    },
    blocking: { hosts: { 'analytics.google.com': false }, unknown: 'marketing' },
  };
  const { config, warnings } = expandServices(site, catalogue);
  const ga = config.categories.analytics.services['google-analytics'];
  assert.equal(ga.title, 'Statistik');
  assert.deepEqual(ga.cookies, ['_ga']);
  assert.equal(config.blocking.hosts['analytics.google.com'], false);
  assert.equal(config.blocking.hosts['www.googletagmanager.com'], 'analytics');
  assert.equal(config.blocking.unknown, 'marketing');
  const magento = config.categories.analytics.services.magento;
  assert.deepEqual(
    magento.localStorage.map((d) => d.name),
    catalogue.magento.storage.map((d) => d.name),
  );
  assert.equal(magento.localStorage[0].provider, catalogue.magento.provider);
  assert.deepEqual(warnings, [], 'magento is necessary in the catalogue, but analytics is not a required category');
  assert.deepEqual(declaration(catalogue.magento).localStorage, magento.localStorage);
});

test('unknown keys stay as written, with "did you mean" for a near miss; a tracker in a required category is said', () => {
  const { config, warnings } = expandServices(
    {
      categories: {
        necessary: { required: true, services: { 'google-analytics': {} } },
        analytics: { services: { hotjr: { cookies: ['_hj*'] }, 'own-thing': {}, Google_Analytics: {} } },
      },
    },
    catalogue,
  );
  assert.deepEqual(config.categories.analytics.services.hotjr, { cookies: ['_hj*'] });
  assert.deepEqual(config.categories.analytics.services['own-thing'], {});
  assert.deepEqual(warnings, [
    'categories.necessary.services.google-analytics: the catalogue files Google Analytics under analytics, not as strictly necessary: in a required category it runs without consent',
    'categories.analytics.services.hotjr: not a known service (declared as written); did you mean "hotjar"?',
    'categories.analytics.services.Google_Analytics: not a known service (declared as written); did you mean "google-analytics"?',
  ]);
});

test('did you mean: case and underscores, one edit or a swap, two for long keys, nothing for a stranger', () => {
  const known = Object.keys(catalogue);
  assert.equal(didYouMean('Meta_Pixel', known), 'meta-pixel');
  assert.equal(didYouMean('stirpe', known), 'stripe', 'a swap is one edit');
  assert.equal(didYouMean('hotjr', known), 'hotjar');
  assert.equal(didYouMean('google-analytcs', known), 'google-analytics');
  assert.equal(didYouMean('yandex-metrika', known), 'yandex-metrica');
  assert.equal(didYouMean('googl-analytcs', known), 'google-analytics', 'two edits in a long key');
  assert.equal(didYouMean('strp', known), undefined, 'two edits in a short key');
  assert.equal(didYouMean('my-own-chat', known), undefined);
});

test('the command: stdout, --out, stdin; the core checks the result; warnings on stderr', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'consentry-services-'));
  try {
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify(NAMED_ONLY));
    const printed = await cli([file]);
    assert.equal(printed.code, 0, printed.stderr);
    assert.equal(printed.stderr, '');
    assert.deepEqual(JSON.parse(printed.stdout), expandServices(NAMED_ONLY, catalogue).config);

    const out = join(dir, 'expanded.json');
    const written = await cli([file, '--out', out]);
    assert.deepEqual([written.code, written.stdout], [0, '']);
    assert.equal(await readFile(out, 'utf8'), printed.stdout);

    const piped = await cli(['-'], JSON.stringify({ categories: { analytics: { services: { hotjr: {} } } } }));
    assert.equal(piped.code, 0);
    assert.match(piped.stderr, /^consentry services: warning: categories\.analytics\.services\.hotjr: .*did you mean "hotjar"\?\n$/);
    assert.deepEqual(JSON.parse(piped.stdout).categories.analytics.services.hotjr, {});
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('the command: --list, --help, and its exit codes (2 for the command line, 1 for a config the core rejects)', async () => {
  const list = await cli(['--list']);
  assert.equal(list.code, 0);
  const rows = list.stdout.trimEnd().split('\n');
  assert.equal(rows.length, Object.keys(catalogue).length);
  assert.match(rows.find((r) => r.startsWith('yandex-metrica ')), /^yandex-metrica +analytics +Yandex/);
  assert.match((await cli(['--help'])).stdout, /^usage: consentry services <config\.json>/);

  for (const [args, message] of [
    [[], /a config file is required/],
    [['--frobnicate'], /unknown option "--frobnicate"/],
    [['a.json', 'b.json'], /one config file at a time/],
    [['x.json', '--out'], /--out needs a file/],
    [['/nonexistent/config.json'], /cannot read \/nonexistent\/config\.json: ENOENT/],
  ]) {
    const run = await cli(args);
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, message);
    assert.equal(run.stdout, '');
  }
  const notJson = await cli(['-'], '{"categories":');
  assert.equal(notJson.code, 2);
  assert.match(notJson.stderr, /- is not JSON/);

  const invalid = await cli(['-'], JSON.stringify({ categories: { a: { localStorage: 'x', services: { stripe: {} } } } }));
  assert.equal(invalid.code, 1);
  assert.match(invalid.stderr, /the expanded config is invalid:\n {2}- categories\.a\.localStorage: must be an array, not a string\n$/);
  assert.equal(invalid.stdout, '');
});
