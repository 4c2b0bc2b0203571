// TCF v2.3 on a page, as a visitor and an ad tag meet it: the TC string
// the page holds after Accept all, Reject all and 240 random choices in the
// second layer, decoded by the IAB's @iabtechlabtcf/core field by field;
// a returning visitor; a tampered string, added vendors and a newer policy
// re-prompting; a vendor in a cross-origin frame; axe in the TCF layers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { TCString } from '@iabtechlabtcf/core';
import { start, DIALOG, SCREENSHOTS, settled } from './harness.mjs';
import { CMP_ID, CMP_VERSION, GOOGLE, GVL, VENDORS, getTCData, serveTcf, tcfConfig, tcfPage } from './tcf-site.mjs';
import { framedVendorAnswers } from './framed-vendor.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const CHOICES = 240;

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

/** A seeded PRNG (mulberry32): the same choices on every run. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The ids set in an iabtcf Vector. */
const idsOf = (vector) => {
  const out = [];
  vector.forEach((on, id) => on && out.push(id));
  return out.sort((a, b) => a - b);
};

/** What the GVL lets a visitor choose (independently of js/iab/tcf-choice.js): the switches' ids. */
function offered() {
  const union = (key) => [...new Set(VENDORS.flatMap((id) => GVL.vendors[id][key]))].sort((a, b) => a - b);
  return {
    purpose: union('purposes'),
    'purpose-li': union('legIntPurposes'),
    feature: union('specialFeatures'),
    vendor: VENDORS.filter((id) => GVL.vendors[id].purposes.length || GVL.vendors[id].specialFeatures.length),
    'vendor-li': VENDORS.filter((id) => GVL.vendors[id].legIntPurposes.length),
  };
}

/** Checks a decoded TC string against the expected choice, field by field; returns the differences. */
function differences(tcString, expected) {
  const m = TCString.decode(tcString);
  const got = {
    cmpId: m.cmpId,
    cmpVersion: m.cmpVersion,
    policyVersion: m.policyVersion,
    vendorListVersion: m.vendorListVersion,
    consentLanguage: m.consentLanguage,
    publisherCountryCode: m.publisherCountryCode,
    isServiceSpecific: m.isServiceSpecific,
    purposeConsents: idsOf(m.purposeConsents),
    purposeLegitimateInterests: idsOf(m.purposeLegitimateInterests),
    specialFeatureOptins: idsOf(m.specialFeatureOptins),
    vendorConsents: idsOf(m.vendorConsents),
    vendorLegitimateInterests: idsOf(m.vendorLegitimateInterests),
  };
  const want = {
    cmpId: CMP_ID,
    cmpVersion: CMP_VERSION,
    policyVersion: GVL.tcfPolicyVersion,
    vendorListVersion: GVL.vendorListVersion,
    consentLanguage: 'EN',
    publisherCountryCode: 'DE',
    isServiceSpecific: true,
    purposeConsents: expected.purpose,
    purposeLegitimateInterests: expected['purpose-li'],
    specialFeatureOptins: expected.feature,
    vendorConsents: expected.vendor,
    vendorLegitimateInterests: expected['vendor-li'],
  };
  const out = [];
  for (const key of Object.keys(want)) {
    if (JSON.stringify(got[key]) !== JSON.stringify(want[key])) out.push(`${key}: ${JSON.stringify(got[key])} != ${JSON.stringify(want[key])}`);
  }
  const disclosed = idsOf(m.vendorsDisclosed);
  const missing = VENDORS.filter((id) => !disclosed.includes(id));
  if (missing.length) out.push(`vendorsDisclosed lacks ${missing}`);
  return out;
}

/** Opens a TCF page for a new visitor; resolves once the first layer shows. */
async function openSite(config, gvlText) {
  const opened = await env.page();
  await serveTcf(opened.context, env.origin, '/tcf.html', tcfPage(config), gvlText);
  await opened.page.goto(`${env.origin}/tcf.html`);
  await settled(opened.page);
  return opened;
}

/** The string the page holds: its euconsent-v2 cookie, and getTCData's tcString (they must agree). */
async function held(page) {
  const cookie = await page.evaluate(() => (/(?:^|; )euconsent-v2=([^;]*)/.exec(document.cookie) || [])[1]);
  const { data } = await getTCData(page);
  assert.equal(data.tcString, cookie, 'getTCData holds the stored string');
  return { tcString: cookie, data };
}

test(`Accept all, Reject all and ${CHOICES} random choices in the second layer: the held TC string decodes (iabtcf) to the choice`, async () => {
  const { context, page, errors } = await openSite();
  const offer = offered();
  const failures = [];

  await page.locator(`${DIALOG} button[data-action="accept"]`).click();
  let { tcString, data } = await held(page);
  failures.push(...differences(tcString, offer).map((d) => `accept all: ${d}`));
  assert.equal(data.addtlConsent, `2~${GOOGLE.join('.')}~dv.`);
  assert.equal(data.enableAdvertiserConsentMode, true);

  await page.evaluate(() => window.consentry.rejectAll());
  ({ tcString, data } = await held(page));
  const none = Object.fromEntries(Object.keys(offer).map((k) => [k, []]));
  failures.push(...differences(tcString, none).map((d) => `reject all: ${d}`));
  assert.equal(data.addtlConsent, `2~~dv.${GOOGLE.join('.')}`);

  // Random choices, set by clicking the second layer's switches, saved with its own button.
  const random = prng(16);
  const choices = [];
  for (let i = 0; i < CHOICES; i++) {
    const choice = {};
    for (const [kind, ids] of Object.entries(offer)) choice[kind] = ids.filter(() => random() < 0.5);
    choice.google = random() < 0.5;
    choices.push(choice);
  }
  for (let from = 0; from < CHOICES; from += 40) {
    const results = await page.evaluate(
      (batch) =>
        batch.map((choice) => {
          window.consentry.showPreferences();
          const root = document.getElementById('consentry-dialog').shadowRoot;
          for (const input of root.querySelectorAll('input[data-tcf]')) {
            const kind = input.getAttribute('data-tcf');
            const want = kind === 'google' ? choice.google : choice[kind].includes(Number(input.getAttribute('data-id')));
            if (input.checked !== want) input.click();
          }
          root.querySelector('button[data-action="save"]').click();
          const tc = (/(?:^|; )euconsent-v2=([^;]*)/.exec(document.cookie) || [])[1];
          const ac = (/(?:^|; )addtl_consent=([^;]*)/.exec(document.cookie) || [])[1];
          return { tc, ac, open: root.querySelector('[role="dialog"]') !== null };
        }),
      choices.slice(from, from + 40),
    );
    results.forEach((r, j) => {
      const choice = choices[from + j];
      if (r.open) failures.push(`choice ${from + j}: the dialog stayed open`);
      failures.push(...differences(r.tc, choice).map((d) => `choice ${from + j}: ${d}`));
      const ac = choice.google ? `2~${GOOGLE.join('.')}~dv.` : `2~~dv.${GOOGLE.join('.')}`;
      if (r.ac !== ac) failures.push(`choice ${from + j}: addtl_consent ${r.ac} != ${ac}`);
    });
  }
  // The last string is what getTCData holds too.
  ({ tcString } = await held(page));
  assert.deepEqual(differences(tcString, choices[CHOICES - 1]), []);
  assert.deepEqual(failures, []);
  assert.deepEqual(errors, []);
  await context.close();
});

/** The eventStatus values a listener added right after the stubs hears, in order. */
const LISTENER = `<script>window.heard = [];
__tcfapi('addEventListener', 2, function (d, ok) { heard.push(ok ? d.eventStatus : 'failed'); });</script>`;

test('a returning visitor: tcloaded with the stored string and no UI; tampered, vendors added or an older policy: asked again', async () => {
  const { context, page, errors } = await env.page();
  await serveTcf(context, env.origin, '/tcf.html', tcfPage(tcfConfig(), LISTENER));
  await page.goto(`${env.origin}/tcf.html`);
  await settled(page);
  await page.locator(`${DIALOG} button[data-action="accept"]`).click();
  const first = await held(page);
  assert.deepEqual(await page.evaluate(() => window.heard), ['cmpuishown', 'useractioncomplete']);

  // Back again: the listener hears tcloaded with the same string; no dialog.
  await page.reload();
  await page.waitForFunction(() => window.heard.length > 0);
  const again = await held(page);
  assert.equal(again.tcString, first.tcString);
  assert.equal(again.data.eventStatus, 'tcloaded');
  assert.deepEqual(await page.evaluate(() => window.heard), ['tcloaded']);
  assert.equal(await page.locator(DIALOG).count(), 0, 'no dialog for a returning visitor');

  // Tampered: a bit flipped in the vendor section no longer decodes to a string that can stand.
  const asked = async (why) => {
    await page.reload();
    await settled(page);
    const statuses = await page.evaluate(() => window.heard);
    assert.deepEqual(statuses, ['cmpuishown'], why);
    const { data } = await getTCData(page);
    assert.equal(data.tcString, '', `${why}: no string stands while the visitor is asked`);
  };
  const cookie = (await context.cookies()).find((c) => c.name === 'euconsent-v2');
  for (const bad of ['not-a-tc-string', first.tcString.slice(0, 20), 'B' + first.tcString.slice(1)]) {
    await context.addCookies([{ ...cookie, value: bad }]);
    await asked(`euconsent-v2 = ${bad.slice(0, 24)}`);
  }
  await context.addCookies([cookie]);
  await page.reload();
  await page.waitForFunction(() => window.heard.length > 0);
  assert.deepEqual(await page.evaluate(() => window.heard), ['tcloaded'], 'the good string stands again');

  // Vendors added to the config: the stored string did not disclose them.
  await context.unroute(`${env.origin}/tcf.html`);
  await context.unroute(`${env.origin}/gvl.json`);
  const fewer = tcfConfig({ vendors: VENDORS.slice(0, 10) });
  await serveTcf(context, env.origin, '/tcf.html', tcfPage(fewer, LISTENER));
  await context.clearCookies();
  await page.reload();
  await settled(page);
  await page.locator(`${DIALOG} button[data-action="accept"]`).click();
  await context.unroute(`${env.origin}/tcf.html`);
  await context.unroute(`${env.origin}/gvl.json`);
  await serveTcf(context, env.origin, '/tcf.html', tcfPage(tcfConfig(), LISTENER));
  await asked('vendors added');

  // A vendor list of a newer policy version than the stored string's.
  await page.locator(`${DIALOG} button[data-action="accept"]`).click();
  await context.unroute(`${env.origin}/gvl.json`);
  await context.route(`${env.origin}/gvl.json`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ...GVL, tcfPolicyVersion: GVL.tcfPolicyVersion + 1 }) }),
  );
  await asked('a newer policy');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a withdrawal, a decision on categories only, another tab and reset(): the TC string follows the record', async () => {
  const { context, page, errors } = await env.page();
  await serveTcf(context, env.origin, '/tcf.html', tcfPage(tcfConfig(), LISTENER));
  await page.goto(`${env.origin}/tcf.html`);
  await settled(page);
  const offer = offered();
  const none = Object.fromEntries(Object.keys(offer).map((k) => [k, []]));
  const heard = () => page.evaluate(() => window.heard);
  await page.locator(`${DIALOG} button[data-action="accept"]`).click();
  assert.deepEqual(differences((await held(page)).tcString, offer), []);

  // A withdrawal through the API: the string refuses everything, the listener hears it.
  await page.evaluate(() => window.consentry.rejectAll());
  const refused = (await held(page)).tcString;
  assert.deepEqual(differences(refused, none), []);
  assert.deepEqual(await heard(), ['cmpuishown', 'useractioncomplete', 'useractioncomplete']);

  // Categories only (accept(list)): the TCF choice stays a refusal; the string is made again.
  await page.evaluate(() => window.consentry.accept(['analytics']));
  assert.deepEqual(differences((await held(page)).tcString, none), []);
  assert.equal((await heard()).length, 4);

  // Another tab saves a choice in its second layer: this tab takes that very string over.
  const other = await context.newPage();
  await other.goto(`${env.origin}/tcf.html`);
  await other.waitForFunction(() => window.heard.length > 0);
  assert.deepEqual(await other.evaluate(() => window.heard), ['tcloaded']);
  const vendor = offer.vendor[0];
  await other.evaluate(() => window.consentry.showPreferences());
  await other.locator(`${DIALOG} input[data-tcf="vendor"][data-id="${vendor}"]`).check();
  // A category too: the two tabs' records then differ even within one second (the record's clock).
  await other.locator(`${DIALOG} input[data-category="marketing"]:not([data-service])`).check();
  await other.locator(`${DIALOG} button[data-action="save"]`).click();
  const theirs = (await held(other)).tcString;
  assert.deepEqual(differences(theirs, { ...none, vendor: [vendor] }), []);
  await page.waitForFunction(
    (tc) => new Promise((ok) => window.__tcfapi('getTCData', 2, (d) => ok(d.tcString === tc))),
    theirs,
  );
  assert.equal((await held(page)).tcString, theirs, 'the other tab\'s string, as it stored it');
  assert.equal((await held(other)).tcString, theirs, 'and the jar still holds it');
  await other.close();

  // reset(): both strings go and the visitor is asked again.
  await page.evaluate(() => window.consentry.reset());
  assert.equal((await context.cookies()).find((c) => c.name === 'euconsent-v2'), undefined);
  assert.equal((await context.cookies()).find((c) => c.name === 'addtl_consent'), undefined);
  const { data } = await getTCData(page);
  assert.equal(data.tcString, '');
  assert.equal((await heard()).at(-1), 'cmpuishown');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a vendor in a cross-origin frame gets the same TCData through the locator (postMessage)', async () => {
  const { context, page, errors } = await env.page();
  await serveTcf(context, env.origin, '/tcf.html', tcfPage(tcfConfig()));
  await page.goto(`${env.origin}/tcf.html`);
  await settled(page);
  await page.locator(`${DIALOG} button[data-action="accept"]`).click();
  const answers = await framedVendorAnswers(context, page, env.origin, 'tcfapi', [
    { __tcfapiCall: { command: 'getTCData', version: 2, callId: 'a', parameter: [45, 61, 755] } },
    JSON.stringify({ __tcfapiCall: { command: 'ping', version: 2, callId: 'b' } }),
    { __tcfapiCall: { command: 'nonsense', version: 2, callId: 'c' } },
  ]);
  const direct = await getTCData(page, [45, 61, 755]);
  assert.equal(answers.a.success, true);
  assert.deepEqual(answers.a.returnValue, direct.data, 'the framed vendor sees what the page sees');
  assert.equal(answers.b.returnValue.cmpLoaded, true);
  assert.equal(answers.b.returnValue.cmpStatus, 'loaded');
  assert.deepEqual([answers.c.returnValue, answers.c.success], [null, false]);
  assert.equal(await page.locator('iframe[name="__tcfapiLocator"]').count(), 1, 'one locator');
  assert.deepEqual(errors, []);
  await context.close();
});

test('axe-core finds no violations in the TCF layers, light and dark, at 320 and 1280 px', async () => {
  const failures = [];
  for (const scheme of ['light', 'dark']) {
    for (const width of [320, 1280]) {
      const opened = await env.page({ colorScheme: scheme, viewport: { width, height: 800 } });
      await serveTcf(opened.context, env.origin, '/tcf.html', tcfPage({ ...tcfConfig(), ui: { colorScheme: scheme } }));
      await opened.page.goto(`${env.origin}/tcf.html`);
      for (const layer of [1, 2]) {
        if (layer === 2) {
          await opened.page.locator(`${DIALOG} button[data-action="tcf-vendors"]`).click();
          await opened.page.evaluate(() => {
            const root = document.getElementById('consentry-dialog').shadowRoot;
            root.querySelectorAll('details').forEach((d) => (d.open = true));
          });
        }
        await settled(opened.page);
        await opened.page.addScriptTag({ path: AXE });
        const result = await opened.page.evaluate(() =>
          window.axe.run('#consentry-dialog', {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
          }),
        );
        const where = `${scheme} ${width}px layer ${layer}`;
        const contrast = result.passes.find((p) => p.id === 'color-contrast');
        if (!contrast || !contrast.nodes.some((n) => Array.isArray(n.target[0]))) failures.push(`${where}: axe checked no contrast inside the dialog`);
        const tcfChecked = await opened.page.evaluate(
          (l) => document.getElementById('consentry-dialog').shadowRoot.querySelector(`[data-tcf-layer="${l}"]`) !== null,
          layer,
        );
        if (!tcfChecked) failures.push(`${where}: no TCF part in the layer`);
        for (const v of result.violations) failures.push(`${where}: ${v.id} ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
        const overflow = await opened.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) failures.push(`${where}: page scrolls by ${overflow}px`);
        await opened.page.screenshot({ path: `${SCREENSHOTS}/tcf-${scheme}-${width}-layer${layer}.png` });
      }
      failures.push(...opened.errors);
      await opened.context.close();
    }
  }
  assert.deepEqual(failures, []);
});

test('the TCF layers by keyboard: the vendor link moves focus to the vendor list; Escape closes and returns focus', async () => {
  const { context, page, errors } = await openSite();
  // Tab from the title to the vendor link, then Enter.
  for (let i = 0; i < 30; i++) {
    const on = await page.evaluate(() => {
      const a = document.getElementById('consentry-dialog').shadowRoot.activeElement;
      return a ? a.getAttribute('data-action') : null;
    });
    if (on === 'tcf-vendors') break;
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  const focused = await page.evaluate(() => document.getElementById('consentry-dialog').shadowRoot.activeElement.id);
  assert.equal(focused, 'tcf-vendors');
  const switches = await page.evaluate(() => document.getElementById('consentry-dialog').shadowRoot.querySelectorAll('input[data-tcf="vendor"]').length);
  assert.ok(switches >= 20, `${switches} vendor switches`);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator(DIALOG).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
