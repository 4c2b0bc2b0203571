// Our TCData builder (tcData in pkg/consentry-tcf.js) against the IAB's
// @iabtechlabtcf/cmpapi holding the same TC string: getTCData answered by
// both, field by field. cmpapi runs in Node with `window` shimmed as
// globalThis (it only reads and writes window.__tcfapi).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule, random, Differences } from './load.mjs';
import { ourModel } from './tcf-models.mjs';

globalThis.window = globalThis;
const { CmpApi, CmpApiModel } = await import('@iabtechlabtcf/cmpapi');
const tcf = await loadModule('tcf');

const CMP_ID = 300;
const CMP_VERSION = 7;
const CASES = Math.min(1000, Number(process.env.CONSENTRY_IAB_CASES ?? 1000));
// Google's Additional Consent string, as a CMP adds it through cmpapi's custom getTCData.
const AC = '2~89.2822~dv.';

/** A CmpApi whose getTCData adds what Google asks a CMP to add. */
function cmpApi(isServiceSpecific) {
  CmpApiModel.reset();
  return new CmpApi(CMP_ID, CMP_VERSION, isServiceSpecific, {
    getTCData: (next, data, success) =>
      next(data && data.gdprApplies ? { ...data, addtlConsent: AC, enableAdvertiserConsentMode: true } : data, success),
  });
}

function getTCData(vendorIds) {
  let answer;
  window.__tcfapi('getTCData', 2, (data, success) => (answer = { data, success }), vendorIds);
  assert.ok(answer && answer.success, 'cmpapi answered getTCData');
  return JSON.parse(JSON.stringify(answer.data));
}

const normal = (x) => JSON.parse(JSON.stringify(x));

for (const isServiceSpecific of [true, false]) {
  test(`getTCData for ${CASES} random strings (isServiceSpecific ${isServiceSpecific}): the same TCData as cmpapi`, () => {
    const api = cmpApi(isServiceSpecific);
    const r = random(isServiceSpecific ? 21 : 22);
    const diff = new Differences();
    for (let i = 0; i < CASES; i++) {
      // Vendor ids up to 1,500: TCData maps every id up to the highest, and
      // 65,535-key objects only make both sides slow (tcf.test.mjs covers them).
      const small = () => r.ids(r.int(0, 1500), r.pick([0.01, 0.2, 0.7]));
      const model = { ...ourModel(r), vendorConsents: small(), vendorLegitimateInterests: small(), vendorsDisclosed: small() };
      model.publisherRestrictions = model.publisherRestrictions.map((x) => ({ ...x, vendors: x.vendors.filter((id) => id <= 1500) })).filter((x) => x.vendors.length);
      const tcString = tcf.encode({ ...model, isServiceSpecific });
      const uiVisible = r.bool(0.3);
      api.update(tcString, uiVisible);
      // The CMP API's event statuses: UI shown; else the first string is
      // "loaded", a later one the user's action.
      const eventStatus = uiVisible ? 'cmpuishown' : i === 0 ? 'tcloaded' : 'useractioncomplete';
      const vendorIds = r.bool(0.3) ? r.ids(1200, 0.01) : undefined;
      const theirs = getTCData(vendorIds);
      const ours = normal(
        tcf.tcData(tcf.decode(tcString), {
          tcString,
          cmpId: CMP_ID,
          cmpVersion: CMP_VERSION,
          gdprApplies: true,
          eventStatus,
          cmpStatus: 'loaded',
          // cmpapi's custom-command path hands getTCData a null listener id.
          listenerId: null,
          vendorIds,
          addtlConsent: AC,
          enableAdvertiserConsentMode: true,
        }),
      );
      for (const key of new Set([...Object.keys(ours), ...Object.keys(theirs)])) diff.check(key, ours[key], theirs[key], tcString);
    }
    assert.equal(diff.total, 0, diff.report());
  });
}

test('GDPR not applying: only the CMP fields and the statuses, as cmpapi answers', () => {
  cmpApi(true).update(null, false);
  const theirs = getTCData();
  const ours = normal(
    tcf.tcData(null, { cmpId: CMP_ID, cmpVersion: CMP_VERSION, gdprApplies: false, tcfPolicyVersion: 5, eventStatus: 'tcloaded', cmpStatus: 'loaded', listenerId: null }),
  );
  assert.deepEqual(ours, theirs);
  assert.deepEqual(Object.keys(ours).sort(), ['cmpId', 'cmpStatus', 'cmpVersion', 'eventStatus', 'gdprApplies', 'listenerId', 'tcfPolicyVersion']);
});
