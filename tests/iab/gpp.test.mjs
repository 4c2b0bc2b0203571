// Differential tests of our GPP-string codec (pkg/consentry-gpp.js) against
// the IAB's reference, @iabgpp/cmpapi's GppModel: random models both ways,
// every field of usnat (section versions 1 and 2) and usca, the GPC
// subsection, the header's section ids and version, and tcfeuv2 carrying a
// TC string from our TCF module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GppModel, HeaderV1 } from '@iabgpp/cmpapi';
import { loadModule, random, Differences } from './load.mjs';

const CASES = Number(process.env.CONSENTRY_IAB_CASES ?? 10000);
const gpp = await loadModule('gpp');
const tcf = await loadModule('tcf');

// The fields after Version, from the section specs (name, or [name, length]).
const NOTICES = ['SharingNotice', 'SaleOptOutNotice', 'SharingOptOutNotice', 'TargetedAdvertisingOptOutNotice'];
const USNAT = (sensitive, child) => [
  ...NOTICES,
  'SensitiveDataProcessingOptOutNotice',
  'SensitiveDataLimitUseNotice',
  'SaleOptOut',
  'SharingOptOut',
  'TargetedAdvertisingOptOut',
  ['SensitiveDataProcessing', sensitive],
  ['KnownChildSensitiveDataConsents', child],
  'PersonalDataConsents',
  'MspaCoveredTransaction',
  'MspaOptOutOptionMode',
  'MspaServiceProviderMode',
];
const FIELDS = {
  usnat: { 1: USNAT(12, 2), 2: USNAT(16, 3) },
  usca: {
    1: [
      'SaleOptOutNotice',
      'SharingOptOutNotice',
      'SensitiveDataLimitUseNotice',
      'SaleOptOut',
      'SharingOptOut',
      ['SensitiveDataProcessing', 9],
      ['KnownChildSensitiveDataConsents', 2],
      'PersonalDataConsents',
      'MspaCoveredTransaction',
      'MspaOptOutOptionMode',
      'MspaServiceProviderMode',
    ],
  },
};
const ID = { tcfeuv2: 2, usnat: 7, usca: 8 };

/** A random US section: every field in its range, GPC subsection or not. */
function usSection(r, name) {
  const Version = name === 'usnat' ? r.pick([1, 2]) : 1;
  const section = { Version };
  for (const field of FIELDS[name][Version]) {
    if (Array.isArray(field)) section[field[0]] = Array.from({ length: field[1] }, () => r.int(0, 2));
    else section[field] = field === 'MspaCoveredTransaction' ? r.int(1, 2) : r.int(0, 2);
  }
  section.GpcSegmentIncluded = r.bool();
  section.Gpc = section.GpcSegmentIncluded && r.bool();
  return section;
}

function randomSections(r) {
  const sections = {};
  if (r.bool(0.7)) sections.usnat = usSection(r, 'usnat');
  if (r.bool(0.7)) sections.usca = usSection(r, 'usca');
  // IsServiceSpecific must be 1 (iabgpp refuses to encode anything else).
  // A small TC string: the TC string itself is tested in tcf.test.mjs.
  if (r.bool(0.3)) {
    sections.tcfeuv2 = tcf.encode({
      cmpId: r.int(2, 4095),
      vendorListVersion: r.int(1, 4095),
      policyVersion: 5,
      consentLanguage: r.letters(),
      publisherCountryCode: r.letters(),
      isServiceSpecific: true,
      purposeConsents: r.ids(11, 0.5),
      vendorConsents: r.ids(300, 0.2),
      vendorsDisclosed: r.ids(400, 0.5),
    });
  }
  return sections;
}

const fieldNames = (name, version) => ['Version', ...FIELDS[name][version].map((f) => (Array.isArray(f) ? f[0] : f)), 'GpcSegmentIncluded', 'Gpc'];

/** Compares every field of our decoded model with GppModel's view of the same string. */
function compare(diff, s, ours, theirs, want) {
  const header = new HeaderV1(s.split('~')[0]);
  diff.check('header Version', 1, header.getFieldValue('Version'), s);
  diff.check('sectionIds', ours.sectionIds, theirs.getSectionIds(), s);
  diff.check('sectionIds as asked', ours.sectionIds, Object.keys(want).map((k) => ID[k]).sort((a, b) => a - b), s);
  for (const [name, section] of Object.entries(want)) {
    if (name === 'tcfeuv2') {
      diff.check('tcfeuv2 string', ours.sections.tcfeuv2, section, s);
      const model = tcf.decode(section);
      diff.check('tcfeuv2 CmpId', theirs.getFieldValue('tcfeuv2', 'CmpId'), model.cmpId, s);
      diff.check('tcfeuv2 VendorListVersion', theirs.getFieldValue('tcfeuv2', 'VendorListVersion'), model.vendorListVersion, s);
      continue;
    }
    for (const field of fieldNames(name, section.Version)) {
      diff.check(`${name}.${field}`, ours.sections[name][field], theirs.getFieldValue(name, field), s);
      diff.check(`${name}.${field} as asked`, ours.sections[name][field], section[field], s);
    }
  }
}

test(`our encode -> GppModel decode, ${CASES} random models: 0 differences`, () => {
  const r = random(11);
  const diff = new Differences();
  for (let i = 0; i < CASES; i++) {
    const sections = randomSections(r);
    const s = gpp.encode({ sections });
    compare(diff, s, gpp.decode(s), new GppModel(s), sections);
  }
  assert.equal(diff.total, 0, diff.report());
});

test(`GppModel encode -> our decode, ${CASES} random models: 0 differences, and our encoding is byte-identical`, () => {
  const r = random(12);
  const diff = new Differences();
  for (let i = 0; i < CASES; i++) {
    const sections = randomSections(r);
    const model = new GppModel();
    for (const [name, section] of Object.entries(sections)) {
      if (name === 'tcfeuv2') {
        model.decodeSection('tcfeuv2', section);
        continue;
      }
      for (const field of fieldNames(name, section.Version)) model.setFieldValue(name, field, section[field]);
    }
    const s = model.encode();
    const ours = gpp.decode(s);
    // iabgpp re-encodes tcfeuv2 with its own TCF encoder: what it wrote must decode with ours.
    if (sections.tcfeuv2) sections.tcfeuv2 = ours.sections.tcfeuv2;
    compare(diff, s, ours, new GppModel(s), sections);
    diff.check('our re-encoding', gpp.encode(ours), s, s);
  }
  assert.equal(diff.total, 0, diff.report());
});

test('our decoder refuses malformed GPP strings', () => {
  const s = gpp.encode({ sections: { usca: usSection(random(13), 'usca') } });
  const [header, usca] = s.split('~');
  const bad = {
    'iab.section-count': [header, usca, usca].join('~'),
    'iab.header': `C${header.slice(1)}`,
    'iab.base64': `${header}~${usca}=`,
    'iab.version': `${header}~A${usca.slice(1)}`,
    'iab.segment-type': `${header}~${usca}.wA`,
  };
  for (const [code, text] of Object.entries(bad)) {
    assert.throws(() => gpp.decode(text), (e) => e.code === code && e.message.startsWith('Consentry: '), code);
  }
  assert.throws(() => gpp.encode({ sections: { usnat: { Version: 3 } } }), { code: 'iab.field' });
  assert.throws(() => gpp.encode({ sections: { usca: { SaleOptOut: 3 } } }), { code: 'iab.field' });
});
