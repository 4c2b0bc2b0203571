// Random TC models for the differential tests, on both sides: our model
// (plain JSON, src/core/tcf/json.rs) and iabtcf's TCModel; and the readback
// of an iabtcf TCModel into our shape, so the two compare field by field.
import { readFileSync } from 'node:fs';
import { TCModel, PurposeRestriction } from '@iabtechlabtcf/core';

export const FIXTURE_LIST = JSON.parse(readFileSync(new URL('../fixtures/tcf/vendor-list-v2.2.json', import.meta.url), 'utf8'));
const GVL_IDS = Object.keys(FIXTURE_LIST.vendors).map(Number).sort((a, b) => a - b);
const LANGUAGES = ['EN', 'DE', 'FR', 'ES', 'IT', 'NL', 'PL', 'PT', 'SV', 'FI'];
const DECISECONDS = 2 ** 36;

/** Vendor ids of one of several shapes: empty, dense low, sparse high, runs, GVL ids. */
function vendorIds(r) {
  switch (r.int(0, 6)) {
    case 0:
      return [];
    case 1:
      return r.ids(r.int(1, 60), r.next());
    case 2:
      return r.ids(r.int(60, 1500), r.pick([0.005, 0.02, 0.3, 0.8, 0.97]));
    case 3: {
      const out = new Set();
      for (let n = r.int(1, 6); n > 0; n--) {
        const start = r.int(1, 3000);
        for (let i = start; i < start + r.int(1, 400); i++) out.add(i);
      }
      return [...out].sort((a, b) => a - b);
    }
    case 4:
      return [...new Set(Array.from({ length: r.int(1, 4) }, () => r.int(1, 65535)))].sort((a, b) => a - b);
    default:
      return GVL_IDS.filter(() => r.bool(r.pick([0.1, 0.5, 0.9])));
  }
}

const restrictionsOf = (r) => {
  const used = new Set();
  const out = [];
  for (let n = r.int(0, 3); n > 0; n--) {
    const purposeId = r.int(1, 24);
    const restrictionType = r.int(0, 2);
    if (used.has(`${purposeId}-${restrictionType}`)) continue;
    used.add(`${purposeId}-${restrictionType}`);
    const vendors = vendorIds(r);
    if (vendors.length) out.push({ purposeId, restrictionType, vendors });
  }
  return out;
};

/** A random model of ours (every field, every range the spec allows). */
export function ourModel(r) {
  const ms = () => r.int(0, DECISECONDS - 1) * 100 + r.int(-50, 49);
  const n = r.int(0, 63);
  return {
    created: Math.max(0, ms()),
    lastUpdated: Math.max(0, ms()),
    // iabtcf refuses cmp ids 0 and 1 (none is assigned); our codec writes any 12-bit id.
    cmpId: r.int(2, 4095),
    cmpVersion: r.int(0, 4095),
    consentScreen: r.int(0, 63),
    consentLanguage: r.letters(),
    vendorListVersion: r.int(0, 4095),
    policyVersion: r.int(0, 63),
    isServiceSpecific: r.bool(0.9),
    useNonStandardTexts: r.bool(),
    specialFeatureOptins: r.ids(12, r.next()),
    purposeConsents: r.ids(24, r.next()),
    purposeLegitimateInterests: r.ids(24, r.next()),
    purposeOneTreatment: r.bool(),
    publisherCountryCode: r.letters(),
    vendorConsents: vendorIds(r),
    vendorLegitimateInterests: vendorIds(r),
    publisherRestrictions: restrictionsOf(r),
    vendorsDisclosed: vendorIds(r),
    ...(r.bool()
      ? {
          publisherTC: {
            consents: r.ids(24, r.next()),
            legitimateInterests: r.ids(24, r.next()),
            numCustomPurposes: n,
            customConsents: r.ids(n, r.next()),
            customLegitimateInterests: r.ids(n, r.next()),
          },
        }
      : {}),
  };
}

/**
 * A GVL for iabtcf's encoder without its cloning cost: the fixture's
 * vendors, a chosen version, policy and language. iabtcf clones the GVL on
 * every encode; this one clones as itself.
 */
export class FixtureGvl {
  constructor(r) {
    this.vendors = FIXTURE_LIST.vendors;
    this.vendorIds = new Set(GVL_IDS);
    this.vendorListVersion = r.int(1, 4095);
    this.tcfPolicyVersion = r.int(4, 63);
    this.language = r.pick(LANGUAGES);
    this.isReady = true;
  }
  narrowVendorsTo() {}
  clone() {
    return this;
  }
}

/** A random iabtcf TCModel on a FixtureGvl. */
export function iabtcfModel(r, gvl) {
  const m = new TCModel(gvl);
  const mine = ourModel(r);
  m.cmpId = mine.cmpId;
  m.cmpVersion = mine.cmpVersion;
  m.consentScreen = mine.consentScreen;
  m.isServiceSpecific = mine.isServiceSpecific;
  m.useNonStandardTexts = mine.useNonStandardTexts;
  m.purposeOneTreatment = mine.purposeOneTreatment;
  m.publisherCountryCode = mine.publisherCountryCode;
  m.created = new Date(mine.created);
  m.lastUpdated = new Date(mine.lastUpdated);
  m.specialFeatureOptins.set(mine.specialFeatureOptins);
  m.purposeConsents.set(mine.purposeConsents);
  m.purposeLegitimateInterests.set(mine.purposeLegitimateInterests);
  m.vendorConsents.set(mine.vendorConsents);
  m.vendorLegitimateInterests.set(mine.vendorLegitimateInterests);
  m.vendorsDisclosed.set(mine.vendorsDisclosed);
  for (const { purposeId, restrictionType, vendors } of mine.publisherRestrictions) {
    for (const id of vendors) m.publisherRestrictions.add(id, new PurposeRestriction(purposeId, restrictionType));
  }
  const p = mine.publisherTC ?? ourModel(r).publisherTC ?? { consents: [], legitimateInterests: [], numCustomPurposes: 0, customConsents: [], customLegitimateInterests: [] };
  m.publisherConsents.set(p.consents);
  m.publisherLegitimateInterests.set(p.legitimateInterests);
  m.numCustomPurposes = p.numCustomPurposes;
  m.publisherCustomConsents.set(p.customConsents);
  m.publisherCustomLegitimateInterests.set(p.customLegitimateInterests);
  return m;
}

const ids = (vector) => [...vector.values()].sort((a, b) => a - b);

const sortRestrictions = (list) =>
  [...list].sort((a, b) => a.purposeId - b.purposeId || a.restrictionType - b.restrictionType);

/** An iabtcf TCModel (decoded) in our model's shape. */
export function fromIabtcf(m) {
  const restrictions = [...m.publisherRestrictions.map].map(([hash, set]) => {
    const [purposeId, restrictionType] = hash.split('-').map(Number);
    return { purposeId, restrictionType, vendors: [...set].sort((a, b) => a - b) };
  });
  return {
    created: m.created.getTime(),
    lastUpdated: m.lastUpdated.getTime(),
    cmpId: m.cmpId,
    cmpVersion: m.cmpVersion,
    consentScreen: m.consentScreen,
    consentLanguage: m.consentLanguage,
    vendorListVersion: m.vendorListVersion,
    policyVersion: m.policyVersion,
    isServiceSpecific: m.isServiceSpecific,
    useNonStandardTexts: m.useNonStandardTexts,
    specialFeatureOptins: ids(m.specialFeatureOptins),
    purposeConsents: ids(m.purposeConsents),
    purposeLegitimateInterests: ids(m.purposeLegitimateInterests),
    purposeOneTreatment: m.purposeOneTreatment,
    publisherCountryCode: m.publisherCountryCode,
    vendorConsents: ids(m.vendorConsents),
    vendorLegitimateInterests: ids(m.vendorLegitimateInterests),
    publisherRestrictions: sortRestrictions(restrictions),
    vendorsDisclosed: ids(m.vendorsDisclosed),
    publisherTC: {
      consents: ids(m.publisherConsents),
      legitimateInterests: ids(m.publisherLegitimateInterests),
      numCustomPurposes: m.numCustomPurposes,
      customConsents: ids(m.publisherCustomConsents),
      customLegitimateInterests: ids(m.publisherCustomLegitimateInterests),
    },
  };
}

const NO_PUBLISHER_TC = { consents: [], legitimateInterests: [], numCustomPurposes: 0, customConsents: [], customLegitimateInterests: [] };

/** Our model as iabtcf reads a string back: ms at decisecond resolution, no segment = empty. */
export function expected(model) {
  const ds = (ms) => Math.round(ms / 100) * 100;
  const { publisherTC, version, ...rest } = model;
  return {
    ...rest,
    created: ds(model.created),
    lastUpdated: ds(model.lastUpdated),
    publisherRestrictions: sortRestrictions(model.publisherRestrictions),
    publisherTC: publisherTC ?? NO_PUBLISHER_TC,
  };
}

/** iabtcf's choice of ranges for a vendor section (VendorVectorEncoder, replayed). */
export function iabtcfPicksRanges(ids) {
  const max = ids.length ? ids[ids.length - 1] : 0;
  const set = new Set(ids);
  let length = 29;
  let open = false;
  let smaller = false;
  for (let i = 1; i <= max; i++) {
    smaller = max > 45 && length < 17 + max;
    if (smaller && set.has(i)) {
      if (!set.has(i + 1)) {
        length += 16;
        open = false;
      } else if (!open) {
        length += 17;
        open = true;
      }
    }
  }
  return smaller;
}

/** Our choice (src/core/tcf/vendors.rs): the exact shorter one; ties as iabtcf. */
export function oursPicksRanges(ids) {
  const max = ids.length ? ids[ids.length - 1] : 0;
  let range = 12;
  for (let i = 0; i < ids.length; i++) {
    if (i > 0 && ids[i] === ids[i - 1] + 1) continue;
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j] + 1) j++;
    range += j > i ? 33 : 17;
  }
  return range < max || (range === max && max > 45);
}
