// Regions as a visitor and a tag meet them (docs/regions.md): the EU asks
// first; California lets marketing run until the visitor opts out (or GPC
// does); no region means the strictest rule; a choice made under opt-out
// is asked again under opt-in; the stubs and the GPP module's Rust reader
// agree on the rule; Consent Mode's defaults per region; the opt-out
// dialog with axe, the keyboard and 320 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { start, DIALOG, SCREENSHOTS } from './harness.mjs';
import { coreOutcome, settle, DIALOG_SHOWN } from './signals.mjs';
import { regionsConfig, regionsPage, servePage, sendGpc, pixels, real, PRIVACY } from './regions-site.mjs';
import { loadModule } from '../iab/load.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const FLOATING = `${PRIVACY} .float button`;

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

/** A page for `options` (regionsPage), loaded until the core has started and the page settled. */
async function open(options = {}, { gpc = false, context: given } = {}) {
  const opened = given ? { ...given, page: await given.context.newPage() } : await env.page();
  if (given) opened.page.on('pageerror', (e) => opened.errors.push(String(e)));
  if (gpc && !given) await sendGpc(opened.context);
  if (!given) await servePage(opened.context, env.origin, '/regions.html', regionsPage(options));
  await opened.page.goto(`${env.origin}/regions.html`);
  assert.equal(await coreOutcome(opened.page), 'started');
  await settle(opened.page);
  return opened;
}

test('EU: the dialog, and no tracker request before a choice', async () => {
  const { context, page, offsite, errors } = await open({ region: 'EU' });
  assert.equal(await page.evaluate(DIALOG_SHOWN), true);
  assert.deepEqual(pixels(offsite), [], 'nothing before a choice');
  assert.equal(await page.locator(FLOATING).count(), 0, 'no opt-out entry point under opt-in');
  await page.locator(`${DIALOG} button[data-action="accept"]`).click();
  await settle(page);
  assert.ok(pixels(offsite).some((u) => u.includes('ev=early')), 'released after Accept all');
  assert.deepEqual(real(errors), []);
  await context.close();
});

test('US-CA: no blocking dialog, marketing runs, the entry point works by keyboard, opting out stops it', async () => {
  const { context, page, offsite, errors } = await open({ region: 'US-CA', where: 'stub' });
  assert.equal(await page.evaluate(DIALOG_SHOWN), false, 'no consent dialog');
  assert.ok(pixels(offsite).some((u) => u.includes('ev=early')), 'the tag ran from the start');
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('marketing')), true);
  assert.equal(await page.evaluate(() => window.consentry.getConsent()), null, 'no choice is stored by default');
  // The page's empty link got the regulator's wording and the icon.
  const link = page.locator('a[data-consentry]');
  assert.equal((await link.innerText()).trim(), 'Do Not Sell or Share My Personal Information');
  assert.equal(await link.locator('svg[role="img"][aria-label]').count(), 1);
  await context.addCookies([{ name: '_fbp', value: 'fb.1.2', url: env.origin }]);

  // The floating entry point is reachable with Tab alone.
  await page.locator(FLOATING).waitFor({ state: 'visible' });
  let reached = false;
  for (let i = 0; i < 6 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(
      () => document.getElementById('consentry-privacy')?.shadowRoot?.activeElement?.classList.contains('choices') ?? false,
    );
  }
  assert.ok(reached, 'Tab reaches "Your privacy choices"');
  assert.equal(await page.locator(FLOATING).innerText(), 'Your privacy choices');
  await page.keyboard.press('Enter');
  const dialog = page.locator(`${PRIVACY} dialog`);
  await dialog.waitFor({ state: 'visible' });
  assert.equal(
    await page.evaluate(() => document.getElementById('consentry-privacy').shadowRoot.activeElement.name),
    'sale',
    'focus on the first switch',
  );
  await page.keyboard.press('Space'); // sale: opted out
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space'); // sharing and targeted ads: opted out
  await dialog.locator('button.save').click();
  await settle(page);
  const record = await page.evaluate(() => window.consentry.getConsent());
  assert.deepEqual(record.categories, { necessary: true, analytics: true, marketing: false, adsonly: false, profile: true });
  const before = pixels(offsite).length;
  await page.evaluate(() => window.firePixel('after'));
  await settle(page);
  assert.equal(pixels(offsite).length, before, '0 requests after opting out');
  const names = (await context.cookies()).map((c) => c.name);
  assert.ok(!names.includes('_fbp'), 'the marketing cookie was deleted');
  assert.ok(names.includes('consentry') && names.includes('consentry-gpp'), 'the record and its stamp');
  assert.match((await context.cookies()).find((c) => c.name === 'consentry-gpp').value, /^1\.o\.US-CA\.D/);
  assert.deepEqual(real(errors), []);
  await context.close();
});

test('GPC in US-CA: opted out before any tag runs, "honoured" shown, no dialog', async () => {
  const { context, page, offsite, errors } = await open({ region: 'US-CA' }, { gpc: true });
  assert.equal(await page.evaluate(DIALOG_SHOWN), false);
  assert.deepEqual(pixels(offsite), [], 'the marketing tag never ran');
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('marketing')), false);
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('analytics')), true, 'what GPC does not cover runs');
  const honoured = page.locator(`${PRIVACY} .float .honoured`);
  await honoured.waitFor({ state: 'visible' });
  assert.equal(await honoured.innerText(), 'Opt-out request honoured');
  await page.locator(FLOATING).click();
  assert.equal(await page.locator(`${PRIVACY} dialog input[name="sale"]`).isChecked(), true, 'the switch shows the opt-out');
  assert.deepEqual(real(errors), []);
  await context.close();
});

test('no region on the page: the strictest rule configured (here opt-in)', async () => {
  const { context, page, offsite, errors } = await open({});
  assert.equal(await page.evaluate(DIALOG_SHOWN), true);
  assert.deepEqual(pixels(offsite), []);
  assert.equal(await page.evaluate(() => window.__gpp('ping').applicableSections[0]), 0);
  assert.deepEqual(real(errors), []);
  await context.close();
  // Without an opt-in entry, the strictest is opt-out.
  const config = regionsConfig({ regions: { US: 'opt-out', '*': 'notice' } });
  const second = await open({ config });
  assert.equal(await second.page.evaluate(DIALOG_SHOWN), false);
  assert.equal(await second.page.locator(`${PRIVACY} .notice`).count(), 0, 'opt-out, not the notice');
  assert.equal(await second.page.locator(FLOATING).count(), 1);
  await second.context.close();
});

test('a notice region shows an informational notice; OK stores the choice under its rule', async () => {
  const { context, page, offsite, errors } = await open({ region: 'BR' });
  assert.equal(await page.evaluate(DIALOG_SHOWN), false);
  assert.ok(pixels(offsite).length > 0, 'tags run under a notice');
  const notice = page.locator(`${PRIVACY} .notice`);
  await notice.waitFor({ state: 'visible' });
  await notice.locator('button.ok').click();
  await settle(page);
  assert.equal(await notice.count(), 0);
  assert.match((await context.cookies()).find((c) => c.name === 'consentry-gpp').value, /^1\.n\.BR\./);
  assert.deepEqual(real(errors), []);
  await context.close();
});

test('an opt-out choice is not consent: in an opt-in region the visitor is asked again', async () => {
  const first = await open({ region: 'US-CA' });
  await first.page.locator(FLOATING).click();
  await first.page.locator(`${PRIVACY} dialog button.save`).click(); // no opt-out: everything stays on
  await settle(first.page);
  assert.equal((await first.page.evaluate(() => window.consentry.getConsent())).categories.marketing, true);
  await first.page.close();
  // The same browser in France a week later.
  await servePage(first.context, env.origin, '/regions.html', regionsPage({ region: 'EU' }));
  const again = await open({}, { context: first });
  assert.equal(await again.page.evaluate(DIALOG_SHOWN), true, 'asked again');
  assert.equal(await again.page.evaluate(() => window.consentry.getConsent()), null);
  // A choice made in the EU holds in California.
  await again.page.locator(`${DIALOG} button[data-action="reject"]`).click();
  await settle(again.page);
  await again.page.close();
  await servePage(first.context, env.origin, '/regions.html', regionsPage({ region: 'US-CA' }));
  const back = await open({}, { context: first });
  assert.equal(await back.page.evaluate(DIALOG_SHOWN), false);
  assert.equal((await back.page.evaluate(() => window.consentry.getConsent())).method, 'reject-all', 'kept');
  assert.deepEqual(first.offsite.filter((u) => u.includes('ev=early')).length, 1, 'only the first visit ran the tag');
  assert.deepEqual(real(first.errors), []);
  await first.context.close();
});

test('the stubs and the Rust reader agree on every region’s rule', async () => {
  const gpp = await loadModule('gpp');
  const configs = [
    regionsConfig(),
    regionsConfig({ regions: { US: 'opt-out', CA: 'notice', 'US-NY': 'none' } }),
    regionsConfig({ regions: { '*': 'opt-out', DE: 'opt-in' } }),
  ];
  const regions = ['EU', 'GB', 'US-CA', 'US-TX', 'US-NY', 'US', 'USA', 'CA', 'DE', 'BR', 'us-ca', ''];
  const { context, page, offsite, errors } = await env.page();
  for (const config of configs) {
    const site = new gpp.RegionsSite(JSON.stringify(config), '127.0.0.1', false);
    for (const region of regions) {
      await servePage(context, env.origin, '/regions.html', regionsPage({ config, region: region || undefined }));
      const before = pixels(offsite).length;
      await page.goto(`${env.origin}/regions.html`);
      const [rule] = site.ruleFor(region);
      const stub = await page.evaluate(() => window.__gpp.s.rule);
      assert.equal(stub, rule, `gpp stub, ${region} in ${JSON.stringify(config.regions)}`);
      // The base stub lets the early tag through exactly when the rule is not opt-in (a known region).
      assert.equal(await coreOutcome(page), 'started');
      await settle(page);
      const ran = await page.evaluate(() => window.consentry.hasConsent('marketing'));
      assert.equal(ran, rule !== 'opt-in', `core, ${region}`);
      // The early tag ran from the start (the base stub's head start) exactly there.
      assert.equal(pixels(offsite).length > before, rule !== 'opt-in', `stub, ${region}`);
      await context.unroute(`${env.origin}/regions.html`);
    }
  }
  assert.deepEqual(real(errors), []);
  await context.close();
});

test('the head start alone lets the early tag through where the rule is not opt-in (the core held back)', async () => {
  for (const [region, runs] of [
    ['US-CA', true],
    ['EU', false],
  ]) {
    const { context, page, offsite } = await env.page();
    await servePage(context, env.origin, '/regions.html', regionsPage({ region }));
    await context.route(`${env.origin}/consentry/consentry.js`, () => {}); // never answered
    const early = runs && page.waitForRequest((r) => r.url().includes('ev=early'));
    // (The page's module tag is deferred: without the core there is no DOMContentLoaded.)
    await page.goto(`${env.origin}/regions.html`, { waitUntil: 'commit' });
    await page.waitForFunction(() => typeof window.firePixel === 'function'); // the early tag has run
    if (runs) await early;
    await settle(page);
    assert.equal(pixels(offsite).some((u) => u.includes('ev=early')), runs, region);
    assert.equal(Array.isArray(await page.evaluate(() => window.consentry)), true, 'the core never loaded');
    await context.close();
  }
});

test('the base stub takes the head start only once, from the script right after it', async () => {
  const forge = `<script>window.__cyStub.o(['marketing']); new Image().src = 'https://www.facebook.com/tr?ev=forged';</script>`;
  // EU: the GPP stub has used the call up (nothing runs from the start); a later one is refused.
  const { context, page, offsite, errors } = await open({ region: 'EU', head: forge });
  assert.equal(await page.evaluate(DIALOG_SHOWN), true);
  assert.deepEqual(pixels(offsite), []);
  assert.deepEqual(real(errors), []);
  await context.close();
  // Without the GPP stub, a script that is not right after the stub is refused too.
  const html = regionsPage({ region: 'EU' })
    .replace(/<script src="\/consentry\/consentry-gpp-stub.js"><\/script>/, '')
    .replace('<script type="module"', `<meta name="x" content="y">${forge}<script type="module"`);
  const second = await env.page();
  await servePage(second.context, env.origin, '/regions.html', html);
  await second.page.goto(`${env.origin}/regions.html`);
  assert.equal(await coreOutcome(second.page), 'started');
  await settle(second.page);
  assert.equal(await second.page.evaluate(DIALOG_SHOWN), true);
  assert.deepEqual(pixels(second.offsite), [], 'the forged call granted nothing');
  await second.context.close();
});

test('Consent Mode defaults carry the per-region values (dataLayer)', async () => {
  const consentDefaults = (page) =>
    page.evaluate(() => window.dataLayer.filter((a) => a[0] === 'consent' && a[1] === 'default').map((a) => a[2]));
  const inRegion = (defaults, code) => defaults.find((d) => d.region && d.region.includes(code));
  const { context, page, errors } = await open({ region: 'US-CA', consentMode: true });
  const defaults = await consentDefaults(page);
  assert.equal(defaults.length, 5, 'everywhere else, then EU, GB, US-CA and US');
  // `*` is notice (not opt-in): granted everywhere else, denied in the opt-in regions.
  assert.equal(defaults[0].region, undefined);
  assert.equal(defaults[0].ad_storage, 'granted');
  for (const code of ['FR', 'DE', 'GB']) {
    assert.equal(inRegion(defaults, code).ad_storage, 'denied', code);
    assert.equal(inRegion(defaults, code).analytics_storage, 'denied', code);
  }
  assert.deepEqual(inRegion(defaults, 'US-CA').region, ['US-CA']);
  assert.equal(inRegion(defaults, 'US-CA').ad_storage, 'granted');
  assert.equal(inRegion(defaults, 'US').ad_user_data, 'granted');
  assert.deepEqual(real(errors), []);
  await context.close();
  const config = regionsConfig({ regions: { EU: 'opt-in', 'US-CA': 'opt-out' } });
  const strict = await open({ region: 'US-CA', consentMode: true, config }, { gpc: true });
  const under = await consentDefaults(strict.page);
  assert.equal(under[0].ad_storage, 'denied', 'no `*`: the strictest (opt-in) everywhere else');
  assert.equal(inRegion(under, 'US-CA').analytics_storage, 'granted');
  assert.equal(inRegion(under, 'US-CA').ad_storage, 'denied', 'GPC keeps the ad types denied');
  await strict.context.close();
});

test('axe finds no violations in the opt-out dialog and entry point, at 320 and 1280 px, in English and Arabic', async () => {
  const failures = [];
  for (const lang of ['en', 'ar']) {
    for (const width of [320, 1280]) {
      const opened = await env.page({ viewport: { width, height: 700 } });
      await sendGpc(opened.context);
      const html = regionsPage({ region: 'US-CA' }).replace('<html lang="en"', `<html lang="${lang}"`);
      await servePage(opened.context, env.origin, '/regions.html', html);
      await opened.page.goto(`${env.origin}/regions.html`);
      assert.equal(await coreOutcome(opened.page), 'started');
      await opened.page.locator(FLOATING).waitFor({ state: 'visible' });
      await opened.page.locator(FLOATING).click();
      await opened.page.locator(`${PRIVACY} dialog`).waitFor({ state: 'visible' });
      await opened.page.addScriptTag({ path: AXE });
      const result = await opened.page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      for (const v of result.violations) failures.push(`${lang} ${width}px: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`);
      const box = await opened.page.locator(`${PRIVACY} dialog`).boundingBox();
      assert.ok(box.width <= width, `the dialog fits ${width} px`);
      await opened.page.screenshot({ path: `${SCREENSHOTS}/optout-${lang}-${width}.png` });
      await opened.page.keyboard.press('Escape');
      assert.equal(await opened.page.locator(`${PRIVACY} dialog`).isVisible(), false, 'Escape closes');
      assert.equal(await opened.page.evaluate(() => window.consentry.getConsent()), null, 'and grants nothing');
      assert.deepEqual(real(opened.errors), []);
      await opened.context.close();
    }
  }
  assert.deepEqual(failures, []);
});
