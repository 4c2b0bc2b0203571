// The CMP API against the IAB's own: one scripted sequence of __tcfapi calls
// (before the module has loaded, while the dialog shows, after a choice,
// after a second choice; unknown listener ids, bad vendor ids, bad
// versions, unknown commands, non-string commands, a missing callback)
// made on a Consentry page, then replayed on @iabtechlabtcf/cmpapi (in
// Node, `window` shimmed as globalThis) told the same states with the same
// strings: the answers must be the same, call by call.
//
// Left out of the comparison, on purpose:
// - ping before the module loads: Consentry's stub answers it (cmpLoaded
//   false, cmpStatus "stub", as a stub must); cmpapi has no stub;
// - apiVersion: "2.3" (the CMP API version Consentry implements) where
//   cmpapi 1.5.21 says "2";
// - addtlConsent and enableAdvertiserConsentMode, which cmpapi adds only
//   through custom commands (tests/iab/tcdata.test.mjs compares them so);
// - getVendorList, which cmpapi answers by fetching the IAB's list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIALOG, settled } from './harness.mjs';
import { CMP_ID, CMP_VERSION, serveTcf, tcfConfig, tcfPage } from './tcf-site.mjs';

globalThis.window = globalThis;
const { CmpApi, CmpApiModel } = await import('@iabtechlabtcf/cmpapi');

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

/**
 * The calls of each phase, as text run where __tcfapi is (the page, or
 * Node with cmpapi): `call(label, command, version, parameter, callbackKind)`
 * records every answer under its label; listeners keep recording.
 */
const HARNESS = `
  window.heard = [];
  window.call = function (label, command, version, parameter, kind) {
    var callback = kind === 'none' ? 'not a function' : function (value, success) {
      heard.push([label, JSON.parse(JSON.stringify(value === undefined ? null : value)), success]);
    };
    try { window.__tcfapi(command, version, callback, parameter); }
    catch (e) { heard.push([label, 'threw', String(e.message)]); }
  };`;

const PHASES = {
  before: `
    call('listener A', 'addEventListener', 2);
    call('listener bad ids', 'addEventListener', 2, [1.5]);
    call('getTCData', 'getTCData', 2);
    call('getTCData ids', 'getTCData', 2, [45, 61, 9999]);
    call('getTCData bad ids', 'getTCData', 2, 'x');
    call('remove unknown', 'removeEventListener', 2, 99);
    call('unknown command', 'nonsense', 2);
    call('version 1', 'getTCData', 1);
    call('version "2"', 'getTCData', '2');
    call('command 42', 42, 2);
    call('no callback', 'getTCData', 2, undefined, 'none');`,
  dialog: `
    call('ping (dialog)', 'ping', 2);
    call('getTCData (dialog)', 'getTCData', 2, [755]);
    call('listener B', 'addEventListener', null);
    call('remove unknown (dialog)', 'removeEventListener', 2, 12345);`,
  chosen: `
    call('ping (chosen)', 'ping', 2);
    call('getTCData (chosen)', 'getTCData', 2);
    call('getTCData ids (chosen)', 'getTCData', 0, [45, 755, 1091, 3]);
    call('remove A', 'removeEventListener', 2, 0);
    call('remove A again', 'removeEventListener', 2, 0);`,
  again: `
    call('getTCData (again)', 'getTCData', 2);`,
};

/** Drops what the comparison leaves out (see the top of the file). */
function comparable(log) {
  return log
    .filter(([label]) => label !== 'ping (before)')
    .map(([label, value, success]) => {
      if (value && typeof value === 'object') {
        const { apiVersion, addtlConsent, enableAdvertiserConsentMode, ...rest } = value;
        return [label, rest, success];
      }
      return [label, value, success];
    });
}

test('the same __tcfapi sequence: Consentry and @iabtechlabtcf/cmpapi give the same answers', async () => {
  const { context, page, errors } = await env.page();
  const head = `<script>${HARNESS}${PHASES.before}call('ping (before)', 'ping', 2);</script>`;
  await serveTcf(context, env.origin, '/tcf.html', tcfPage(tcfConfig(), head));
  await page.goto(`${env.origin}/tcf.html`);
  await settled(page);
  // The dialog shows: run the dialog's calls, then choose (Accept all), then choose again (Reject all).
  await page.evaluate(PHASES.dialog);
  await page.locator(`${DIALOG} button[data-action="accept"]`).click();
  const accepted = await page.evaluate(() => (/euconsent-v2=([^;]*)/.exec(document.cookie) || [])[1]);
  await page.evaluate(PHASES.chosen);
  await page.evaluate(() => window.consentry.rejectAll());
  const rejected = await page.evaluate(() => (/euconsent-v2=([^;]*)/.exec(document.cookie) || [])[1]);
  await page.evaluate(PHASES.again);
  const ours = await page.evaluate(() => window.heard);

  // The stub's own ping, before the module loaded.
  const stubPing = ours.find(([label]) => label === 'ping (before)');
  assert.deepEqual(stubPing, ['ping (before)', { cmpLoaded: false, cmpStatus: 'stub', displayStatus: 'hidden', apiVersion: '2.3' }, true]);
  // Answered at once, after the four refused at once and before every queued call.
  assert.equal(ours.indexOf(stubPing), 4);

  // cmpapi, told the same states: the dialog shown with no string, then each choice's string.
  CmpApiModel.reset();
  const api = new CmpApi(CMP_ID, CMP_VERSION, true);
  new Function(HARNESS + PHASES.before)();
  api.update('', true);
  new Function(PHASES.dialog)();
  api.update(accepted, false);
  new Function(PHASES.chosen)();
  api.update(rejected, false);
  new Function(PHASES.again)();
  const theirs = window.heard;
  if (process.env.TCF_API_LOG) console.log(JSON.stringify(comparable(ours).map(([l, v, s]) => [l, v && v.eventStatus, v && v.listenerId, s])));

  assert.ok(ours.length >= 25, `${ours.length} answers recorded`);
  assert.deepEqual(comparable(ours), comparable(theirs));
  assert.deepEqual(errors, []);
  await context.close();
});
