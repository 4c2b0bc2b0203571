// GPP on a page as ad tags meet it: `__gpp('ping')` answered synchronously
// before the core has loaded; the GPP string after 240 random choice sets
// (and GPC on and off) decoded by the IAB's @iabgpp/cmpapi GppModel to the
// field values the choices give (worked out here, independently of
// js/iab/gpp-fields.js); events; a vendor in a cross-origin frame through
// __gppLocator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { GppModel } from '@iabgpp/cmpapi';
import { start } from './harness.mjs';
import { coreOutcome, settle } from './signals.mjs';
import { regionsPage, servePage, sendGpc, real } from './regions-site.mjs';
import { framedVendorAnswers } from './framed-vendor.mjs';
import { random } from '../iab/load.mjs';

const CHOICES = 240;
const OPTIONAL = ['analytics', 'marketing', 'adsonly', 'profile'];

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

const EARLY = `<script>
  // An ad tag's first call, before the core: answered at once.
  window.early = { returned: window.__gpp('ping'), called: null };
  window.__gpp('ping', function (data, success) { window.early.called = [data, success]; });
  window.heard = [];
  window.__gpp('addEventListener', function (event, success) { window.heard.push([event.eventName, event.data, success]); });
</script>`;

/**
 * The fields a choice gives (docs/regions.md), from the test config's
 * marks: marketing = sale + sharing + targetedAds, adsonly = targetedAds,
 * profile = sensitive.
 */
function expected(granted, gpc) {
  const out = (keys) => (keys.every((k) => granted.includes(k)) ? 2 : 1);
  const sensitive = out(['profile']);
  return {
    usnat: {
      Version: 2,
      SharingNotice: 1,
      SaleOptOutNotice: 1,
      SharingOptOutNotice: 1,
      TargetedAdvertisingOptOutNotice: 1,
      SensitiveDataProcessingOptOutNotice: 1,
      SensitiveDataLimitUseNotice: 1,
      SaleOptOut: out(['marketing']),
      SharingOptOut: out(['marketing']),
      TargetedAdvertisingOptOut: out(['marketing', 'adsonly']),
      SensitiveDataProcessing: Array(16).fill(sensitive),
      KnownChildSensitiveDataConsents: [0, 0, 0],
      PersonalDataConsents: 0,
      MspaCoveredTransaction: 2,
      MspaOptOutOptionMode: 0,
      MspaServiceProviderMode: 0,
      GpcSegmentIncluded: true,
      Gpc: gpc,
    },
    usca: {
      Version: 1,
      SaleOptOutNotice: 1,
      SharingOptOutNotice: 1,
      SensitiveDataLimitUseNotice: 1,
      SaleOptOut: out(['marketing']),
      SharingOptOut: out(['marketing', 'adsonly']),
      SensitiveDataProcessing: Array(9).fill(sensitive),
      KnownChildSensitiveDataConsents: [0, 0],
      PersonalDataConsents: 0,
      MspaCoveredTransaction: 2,
      MspaOptOutOptionMode: 0,
      MspaServiceProviderMode: 0,
      GpcSegmentIncluded: true,
      Gpc: gpc,
    },
  };
}

/** The differences between iabgpp's reading of `gppString` and `want`. */
function differences(gppString, want) {
  const model = new GppModel(gppString);
  const diffs = [];
  if (JSON.stringify(model.getSectionIds()) !== '[7,8]') diffs.push(`section ids ${model.getSectionIds()}`);
  if (model.getHeader().Version !== 1) diffs.push('header version');
  for (const section of ['usnat', 'usca']) {
    for (const [field, value] of Object.entries(want[section])) {
      const got = model.getFieldValue(section, field);
      if (JSON.stringify(got) !== JSON.stringify(value)) diffs.push(`${section}.${field}: ${JSON.stringify(got)} != ${JSON.stringify(value)}`);
    }
  }
  return diffs;
}

test('__gpp answers ping synchronously before the core loads, queues the rest, then serves events', async () => {
  const { context, page, errors } = await env.page();
  // The entry is held back until the test has read the stub's answers.
  let release;
  const held = new Promise((ok) => (release = ok));
  await context.route(`${env.origin}/consentry/consentry.js`, async (route) => {
    await held;
    await route.continue();
  });
  await servePage(context, env.origin, '/regions.html', regionsPage({ region: 'US-CA', head: EARLY }));
  // (The held module script keeps DOMContentLoaded back: wait for the early tag instead.)
  await page.goto(`${env.origin}/regions.html`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.early !== undefined);
  const early = await page.evaluate(() => window.early);
  assert.equal(early.returned.cmpStatus, 'stub');
  assert.equal(early.returned.signalStatus, 'not ready');
  assert.deepEqual(early.returned.supportedAPIs, ['7:usnat', '8:usca']);
  assert.deepEqual(early.returned.applicableSections, [8]);
  assert.deepEqual(early.called, [early.returned, true], 'the callback ran in the same call');
  assert.deepEqual(await page.evaluate(() => window.heard), [], 'addEventListener waits for the module');
  release();
  assert.equal(await coreOutcome(page), 'started');
  await page.waitForFunction(() => window.heard.length >= 2);
  const ping = await page.evaluate(() => window.__gpp('ping'));
  assert.equal(ping.cmpStatus, 'loaded');
  assert.equal(ping.signalStatus, 'ready');
  assert.deepEqual(ping.sectionList, [7, 8]);
  assert.deepEqual(ping.applicableSections, [8]);
  assert.deepEqual(await page.evaluate(() => window.heard.slice(0, 2)), [
    ['listenerRegistered', true, true],
    ['signalStatus', 'ready', true],
  ]);
  // The commands, each as @iabgpp/cmpapi answers them.
  const answers = await page.evaluate(() => {
    const call = (command, parameter) => {
      let out;
      window.__gpp(command, (value, success) => (out = [value, success]), parameter);
      return out;
    };
    return {
      has: call('hasSection', 'usca'),
      hasNot: call('hasSection', 'usva'),
      field: call('getField', 'usca.SaleOptOut'),
      badField: call('getField', 'usca'),
      section: call('getSection', 'usnat'),
      nothing: call('getSection', 'usva'),
    };
  });
  assert.deepEqual(answers.has, [true, true]);
  assert.deepEqual(answers.hasNot, [false, true]);
  assert.deepEqual(answers.field, [2, true]);
  assert.deepEqual(answers.badField, [null, false]);
  assert.equal(answers.section[0].SaleOptOut, 2);
  assert.deepEqual(answers.nothing, [null, false]);
  // Opening the switches and opting out: display, signal and section events.
  await page.locator('#consentry-privacy .float button').click();
  await page.locator('#consentry-privacy dialog input[name="sale"]').check();
  await page.locator('#consentry-privacy dialog button.save').click();
  await settle(page);
  const names = (await page.evaluate(() => window.heard)).slice(2).map(([name, data]) => `${name}:${JSON.stringify(data)}`);
  assert.deepEqual(names, [
    'cmpDisplayStatus:"visible"',
    'signalStatus:"not ready"',
    'sectionChange:["usnat","usca"]',
    'cmpDisplayStatus:"hidden"',
    'signalStatus:"ready"',
  ]);
  const removed = await page.evaluate(() => {
    let out;
    window.__gpp('removeEventListener', (v) => (out = v), 0);
    return out;
  });
  assert.deepEqual([removed.eventName, removed.data], ['listenerRemoved', true]);
  assert.deepEqual(real(errors), []);
  await context.close();
});

test(`the GPP string after ${CHOICES} random choice sets decodes with @iabgpp/cmpapi to the fields the choices give`, async () => {
  const r = random(17);
  const diffs = [];
  let checked = 0;
  for (const gpc of [false, true]) {
    const { context, page, errors } = await env.page();
    if (gpc) await sendGpc(context);
    await servePage(context, env.origin, '/regions.html', regionsPage({ region: 'US-CA' }));
    await page.goto(`${env.origin}/regions.html`);
    assert.equal(await coreOutcome(page), 'started');
    const sets = Array.from({ length: CHOICES / 2 }, () => OPTIONAL.filter(() => r.bool()));
    // Each choice through the public API, then the string __gpp hands out and the stored one.
    const strings = await page.evaluate((list) => {
      return list.map((granted) => {
        window.consentry.accept(granted);
        const stored = document.cookie.split('; ').find((c) => c.startsWith('consentry-gpp='));
        return [window.__gpp('ping').gppString, stored && stored.slice('consentry-gpp='.length).split('.').slice(3).join('.')];
      });
    }, sets);
    strings.forEach(([gppString, stored], i) => {
      // Under GPC, only a category named explicitly opts back in: accept() names them, so the set stands.
      const got = differences(gppString, expected(sets[i], gpc));
      if (stored !== gppString) got.push(`stored ${stored} != ${gppString}`);
      if (got.length) diffs.push(`${sets[i].join(',')} gpc=${gpc}: ${got.join('; ')}`);
      checked++;
    });
    assert.deepEqual(real(errors), []);
    await context.close();
  }
  assert.equal(checked, CHOICES);
  assert.deepEqual(diffs.slice(0, 5), [], `${diffs.length} of ${CHOICES} differ`);
});

test('a vendor in a cross-origin frame gets the same answers through __gppLocator (postMessage)', async () => {
  const { context, page, errors } = await env.page();
  await servePage(context, env.origin, '/regions.html', regionsPage({ region: 'US-CA' }));
  await page.goto(`${env.origin}/regions.html`);
  assert.equal(await coreOutcome(page), 'started');
  await page.evaluate(() => window.consentry.accept(['analytics']));
  const answers = await framedVendorAnswers(context, page, env.origin, 'gpp', [
    { __gppCall: { command: 'ping', callId: 'a', version: '1.1' } },
    JSON.stringify({ __gppCall: { command: 'getField', parameter: 'usnat.SaleOptOut', callId: 'b' } }),
    { __gppCall: { command: 'getSection', parameter: 'usca', callId: 'c' } },
  ]);
  const direct = await page.evaluate(() => {
    const out = {};
    window.__gpp('ping', (v, s) => (out.a = { returnValue: v, success: s }));
    window.__gpp('getField', (v, s) => (out.b = { returnValue: v, success: s }), 'usnat.SaleOptOut');
    window.__gpp('getSection', (v, s) => (out.c = { returnValue: v, success: s }), 'usca');
    return out;
  });
  for (const id of ['a', 'b', 'c']) {
    assert.deepEqual({ returnValue: answers[id].returnValue, success: answers[id].success }, direct[id], id);
    assert.equal(answers[id].callId, id);
  }
  assert.equal(answers.b.returnValue, 1, 'the frame sees the opt-out');
  assert.equal(await page.locator('iframe[name="__gppLocator"]').count(), 1, 'one locator');
  assert.deepEqual(real(errors), []);
  await context.close();
});
