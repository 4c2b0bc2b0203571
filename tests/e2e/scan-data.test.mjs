// The scanner's data and pure parts, without a browser: the known-services
// catalogue, the Open Cookie Database lookup, cookie patterns against the
// core's own, findings and the draft config, the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCatalogue, loadCatalogue } from '../../cli/scan/catalogue.mjs';
import { cookieDatabase, CATEGORY_OF } from '../../cli/scan/cookie-db.mjs';
import { matchesPattern } from '../../cli/scan/patterns.mjs';
import { hostClassifier } from '../../cli/scan/classify.mjs';
import { declarations, overThirteenMonths, findings } from '../../cli/scan/findings.mjs';
import { draftConfig } from '../../cli/scan/draft.mjs';
import { humanLifetime, analysePasses, nameClassifier } from '../../cli/scan/analyse.mjs';
import { parseArgs, UsageError } from '../../cli/scan/args.mjs';
import { parseHostMap } from '../../cli/scan/hostmap.mjs';
import { siteOf, isFirstParty } from '../../cli/scan/site.mjs';
import { pageLink } from '../../cli/scan/crawl.mjs';

test('the catalogue: at least 50 services of every kind the issue names, and sound', async () => {
  const services = loadCatalogue();
  assert.ok(Object.keys(services).length >= 50, `${Object.keys(services).length} services`);
  for (const key of ['google-analytics', 'google-ads', 'meta-pixel', 'facebook-social-plugins', 'youtube', 'intercom', 'hubspot', 'stripe', 'paypal', 'google-recaptcha', 'cloudflare', 'wordpress', 'woocommerce', 'yandex-metrica']) {
    assert.ok(services[key], key);
  }
  assert.equal(services.wordpress.category, 'necessary');
  assert.equal(services.stripe.category, 'necessary');
  assert.equal(services['google-recaptcha'].category, 'necessary');
  assert.ok(services.wordpress.cookies.some((c) => c.name === 'wordpress_logged_in_*'));
  const categories = new Set(Object.values(services).map((s) => s.category));
  // Chat widgets are marketing, as data/trackers.json has them (the check below keeps the two agreeing).
  assert.deepEqual([...categories].sort(), ['analytics', 'embeds', 'marketing', 'necessary']);
  assert.deepEqual(await checkCatalogue(services), []);
});

test('the catalogue check catches a bad host, an unknown cookie, drifted texts and a clash with the tracker table', async () => {
  const services = structuredClone(loadCatalogue());
  services['google-analytics'].hosts.push('Not A Host');
  services['meta-pixel'].cookies.push({ name: '_made_up_cookie', purpose: 'x', duration: '1 day' });
  services.hotjar.cookies[0].purpose = 'something else';
  services.youtube.hosts.push('connect.facebook.net');
  services.stripe.cookies.push({ name: 'bad;name', purpose: 'x', duration: '1 day', docs: 'https://example.com' });
  const problems = (await checkCatalogue(services)).join('\n');
  assert.match(problems, /core rejects .*blocking\.hosts|Not A Host/);
  // The core stops at its first problem; check the others without it.
  services['google-analytics'].hosts.pop();
  services.stripe.cookies.pop();
  const rest = (await checkCatalogue(services)).join('\n');
  assert.match(rest, /meta-pixel: _made_up_cookie is not in the Open Cookie Database/);
  assert.match(rest, /hotjar: _hjSessionUser_\*: purpose or duration differ/);
  assert.match(rest, /connect\.facebook\.net is (embeds|marketing) here but (marketing|embeds) in (meta-pixel|youtube)/);
});

test('the cookie database: 2,264 entries, exact names, the most specific wildcard, the domain that fits', () => {
  const db = cookieDatabase();
  assert.equal(db.entries.length, 2264);
  const ga = db.lookup('_ga');
  assert.equal(ga.pattern, '_ga');
  assert.equal(ga.entry.platform, 'Google Analytics');
  assert.equal(CATEGORY_OF[ga.entry.category], 'analytics');
  assert.equal(db.lookup('_ga_ABC123').pattern, '_ga_*');
  assert.equal(db.lookup('_gat_gtag_UA_1').pattern, '_gat_gtag_*', 'longer than _gat*');
  assert.equal(db.lookup('wordpress_logged_in_0123abcd').entry.platform, 'WordPress');
  assert.equal(CATEGORY_OF[db.lookup('wordpress_logged_in_0123abcd').entry.category], 'necessary');
  assert.equal(db.lookup('DSID', '.doubleclick.net').entry.platform, 'DoubleClick/Google Marketing');
  assert.equal(db.lookup('DSID', '.example.com').entry.platform, 'Google', 'no domain fits: the first entry');
  assert.equal(db.lookup('certainly-not-a-known-cookie'), undefined);
  for (const e of db.entries) assert.ok(e.category in CATEGORY_OF, `${e.name}: ${e.category}`);
});

test("cookie patterns: the core's rule, as the scanner asks it, reads `*` as any run of characters on over 400 generated cases", async () => {
  // A small alphabet makes overlaps, repeats and stars next to each other
  // common. The reference: the pattern as an anchored regular expression
  // with `*` as `.*` (the config's documented meaning).
  let seed = 19;
  const random = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const word = (alphabet, max) => Array.from({ length: random(max) + 1 }, () => alphabet[random(alphabet.length)]).join('');
  const reference = (pattern) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.?+^$()[\]{}|\\]/g, '\\$&')).join('.*')}$`, 's');
  let matched = 0;
  let cases = 0;
  for (let round = 0; round < 25; round++) {
    const patterns = Array.from({ length: 3 }, () => word('ab*', 4));
    const names = [...new Set(Array.from({ length: 20 }, () => word('ab_', 5)))];
    for (const name of names) {
      const ours = patterns.some((p) => matchesPattern(p, name));
      assert.equal(ours, patterns.some((p) => reference(p).test(name)), `${name} against ${JSON.stringify(patterns)}`);
      matched += ours;
      cases++;
    }
  }
  assert.ok(cases > 400 && matched > 100, `not vacuous: ${matched} matches in ${cases} cases`);
  assert.ok(matchesPattern('*', '') && matchesPattern('a*b*c', 'axxbyyc') && !matchesPattern('a*b*c', 'acb'));
});

test('host classification is the core matcher with the config: table, blocking.hosts, false', async () => {
  const plain = await hostClassifier(null);
  assert.equal(plain('https://www.google-analytics.com/g/collect'), 'analytics');
  assert.equal(plain('https://www.facebook.com/tr?id=1'), 'marketing');
  assert.equal(plain('https://cdn.example.net/x.js'), undefined);
  const config = { categories: { necessary: { required: true }, analytics: {} }, blocking: { hosts: { 'cdn.example.net': 'analytics', 'static.hotjar.com': false } } };
  const site = await hostClassifier(JSON.stringify(config));
  assert.equal(site('https://cdn.example.net/x.js'), 'analytics');
  assert.equal(site('https://static.hotjar.com/c.js'), undefined);
  const strict = await hostClassifier(JSON.stringify({ ...config, blocking: { unknown: 'analytics' } }), 'shop.example');
  assert.equal(strict('https://cdn.unknown.example/x.js'), 'analytics', 'blocking.unknown holds what the table does not know');
  assert.equal(strict('https://shop.example/app.js'), undefined, 'but not the site itself');
  const broken = await hostClassifier('{"categories": 5}');
  assert.equal(broken.fellBack, true);
  assert.equal(broken('https://mc.yandex.ru/watch/1'), 'analytics');
});

test('findings: declarations, the 13-month rule, and the undeclared/unused/miscategorised sets', () => {
  const config = {
    categories: {
      necessary: { required: true, cookies: ['sess', { name: 'wp_*' }] },
      analytics: { cookies: ['_ga'], services: { ym: { cookies: [{ name: '_ym_*' }] } } },
      marketing: { cookies: ['_fbp', 'never_seen'] },
    },
  };
  assert.deepEqual(declarations(config), [
    { pattern: 'sess', category: 'necessary' },
    { pattern: 'wp_*', category: 'necessary' },
    { pattern: '_ga', category: 'analytics' },
    { pattern: '_ym_*', category: 'analytics', service: 'ym' },
    { pattern: '_fbp', category: 'marketing' },
    { pattern: 'never_seen', category: 'marketing' },
  ]);
  const at = '2026-01-31T12:00:00.000Z';
  assert.equal(overThirteenMonths('2027-02-28T12:00:00.000Z', at), false, '13 months from Jan 31 is Feb 28 or Mar 3; within the slack');
  assert.equal(overThirteenMonths('2027-03-10T12:00:00.000Z', at), true);
  assert.equal(overThirteenMonths(null, at), false);
  const cookie = (name, category, extra = {}) => ({ name, domain: 'example.com', category, known: Boolean(category), pattern: name, firstSeen: '/', setBy: [], expires: null, observedAt: at, ...extra });
  const passes = [
    { id: 'none', skipped: false, cookies: [cookie('sess', 'necessary'), cookie('_ga', 'analytics'), cookie('mystery', null)], storage: [], requests: [] },
    { id: 'accept', skipped: false, cookies: [cookie('_ym_uid', 'analytics'), cookie('_fbp', 'analytics', { expires: '2030-01-01T00:00:00.000Z' }), cookie('consentry', 'necessary')], storage: [], requests: [] },
    { id: 'reject', skipped: false, cookies: [], storage: [{ type: 'localStorage', name: '_ym_uid', category: 'analytics', known: true, firstSeen: '/', setBy: [] }], requests: [{ url: 'https://mc.yandex.ru/watch', host: 'mc.yandex.ru', type: 'image', category: 'analytics', pages: ['/'], initiator: { type: 'script', url: '' } }] },
  ];
  const f = findings(passes, { config, consentName: 'consentry' });
  assert.deepEqual(f.violations.map((v) => `${v.pass} ${v.kind} ${v.name}`), ['none cookie _ga', 'reject localStorage _ym_uid', 'reject request https://mc.yandex.ru/watch']);
  assert.deepEqual(f.undeclared.map((u) => u.name), ['mystery'], 'the consent cookie counts as declared');
  assert.deepEqual(f.unused.map((u) => u.pattern), ['wp_*', 'never_seen']);
  assert.deepEqual(f.miscategorised, [{ name: '_fbp', declared: 'marketing', database: 'analytics', source: undefined }]);
  assert.deepEqual(f.retention.map((r) => r.name), ['_fbp']);
  assert.deepEqual(f.unknown.cookies.map((c) => c.name), ['mystery']);
});

test('the draft: categories in the usual order, texts from the database, unknown hosts held for what they wrote or allowed', () => {
  const c = (name, category, extra = {}) => ({ name, pattern: name, category, known: true, provider: 'P', purpose: `${name} purpose`, retention: '1 year', setBy: [], domain: 'example.com', firstParty: true, ...extra });
  const passes = [
    {
      id: 'none',
      skipped: false,
      cookies: [c('_ga_X', 'analytics', { pattern: '_ga_*', setBy: ['https://tags.vendor.example/t.js'] }), c('sess', 'necessary'), c('x', null, { known: false })],
      storage: [],
      requests: [
        { host: 'tags.vendor.example', category: null },
        { host: 'fonts.cdn.example', category: null },
        { host: 'www.google-analytics.com', category: 'analytics' },
      ],
    },
    { id: 'accept', skipped: true },
  ];
  const draft = draftConfig({ base: null, passes, consentDetected: false, consentName: 'consentry' });
  assert.deepEqual(Object.keys(draft.categories), ['necessary', 'analytics']);
  assert.equal(draft.categories.necessary.required, true);
  assert.deepEqual(draft.categories.analytics.cookies, [{ name: '_ga_*', provider: 'P', purpose: '_ga_X purpose', duration: '1 year' }]);
  assert.deepEqual(draft.blocking.hosts, { 'tags.vendor.example': 'analytics', 'fonts.cdn.example': false });
  // The owner's config is kept as it is; only what is missing is added.
  const base = { revision: 3, categories: { marketing: { cookies: ['_ga_*'] } }, blocking: { hosts: { 'fonts.cdn.example': 'marketing' } } };
  const kept = draftConfig({ base, passes, consentDetected: false, consentName: 'consentry' });
  assert.equal(kept.revision, 3);
  assert.deepEqual(Object.keys(kept.categories), ['marketing', 'necessary', 'analytics']);
  assert.deepEqual(kept.categories.marketing.cookies, ['_ga_*']);
  assert.equal(kept.blocking.hosts['fonts.cdn.example'], 'marketing');
  assert.equal(humanLifetime(1800), '30 minutes');
  assert.equal(humanLifetime(86400), '24 hours');
  assert.equal(humanLifetime(393 * 86400), '393 days');
  assert.equal(humanLifetime(null), 'session');
});

test('the command line, host maps, sites and links', () => {
  const o = parseArgs(['https://example.com', '--pages=5', '--fail-on', 'violations,undeclared', '--host-map', '*=http://127.0.0.1:1', '--json']);
  assert.equal(o.pages, 5);
  assert.deepEqual(o.failOn, ['violations', 'undeclared']);
  assert.deepEqual(o.hostMap, ['*=http://127.0.0.1:1']);
  assert.equal(o.url, 'https://example.com/');
  for (const bad of [[], ['a', 'b'], ['x:y'], ['https://e.com', '--pages', '0'], ['https://e.com', '--bogus'], ['https://e.com', '--config']]) {
    assert.throws(() => parseArgs(bad), UsageError, JSON.stringify(bad));
  }
  assert.deepEqual(parseHostMap(['*.vendor.example=https://staging.test:8443']).map((r) => [r.host, r.origin.href]), [['*.vendor.example', 'https://staging.test:8443/']]);
  for (const bad of ['nohost', '=http://x', 'a.b=ftp://x', 'a b=http://x']) assert.throws(() => parseHostMap([bad]), /--host-map/);
  assert.equal(siteOf('www.shop.example.co.uk'), 'example.co.uk');
  assert.equal(siteOf('a.b.example.com'), 'example.com');
  assert.equal(siteOf('127.0.0.1'), '127.0.0.1');
  assert.equal(isFirstParty('.example.com', 'www.example.com'), true);
  assert.equal(isFirstParty('.facebook.com', 'www.example.com'), false);
  const origin = 'https://example.com';
  assert.equal(pageLink('https://example.com/a#top', origin), 'https://example.com/a');
  assert.equal(pageLink('https://example.com/brochure.PDF', origin), null);
  assert.equal(pageLink('https://other.example/', origin), null);
  assert.equal(pageLink('mailto:x@example.com', origin), null);
});

test('a cookie a script set and something deleted before the page settled is still reported (transient)', async () => {
  const visit = { url: 'https://shop.example/', at: Date.parse('2026-01-01T00:00:00Z'), cookies: [], requests: [], storage: { origin: 'https://shop.example', localStorage: [], sessionStorage: [], indexedDB: [] } };
  const raw = {
    passes: [
      {
        id: 'reject',
        title: 'After "Reject all"',
        complete: true,
        visits: [visit],
        writers: [
          { kind: 'cookie', name: '_pk_id.1.ab', via: 'script', url: 'https://stats.example/matomo.js', page: visit.url, host: 'shop.example' },
          { kind: 'cookie', name: 'refused', via: 'header', url: 'https://ads.example/px', page: visit.url },
        ],
      },
    ],
  };
  const [pass] = analysePasses(raw, { classifyName: nameClassifier(null), classifyHost: () => undefined, siteHost: 'shop.example' });
  assert.deepEqual(
    pass.cookies.map((c) => [c.name, c.domain, c.transient, c.firstParty, c.category, c.setBy]),
    [['_pk_id.1.ab', 'shop.example', true, true, 'analytics', ['https://stats.example/matomo.js']]],
    'a Set-Cookie the browser did not keep is not a cookie',
  );
  const f = findings([pass], { config: null, consentName: 'consentry' });
  assert.deepEqual(f.violations.map((v) => `${v.pass} ${v.name}`), ['reject _pk_id.1.ab']);
});
