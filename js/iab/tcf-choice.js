// What a TCF visitor can choose, read off the site's vendor list, and how
// a choice becomes a TC model (src/core/tcf/json.rs names its fields) and
// Google's Additional Consent string. Pure: no page, no clock.
//
// The rules (docs/tcf.md):
// - a purpose is asked for consent when a configured vendor declares it
//   under consent (`purposes`), and offered for objection when one declares
//   it under legitimate interest (`legIntPurposes`); likewise each vendor;
// - special features are opt-ins of the vendors that declare them;
// - "Accept all" gives every consent and opt-in and keeps every legitimate
//   interest; "Reject all" gives none and objects to every legitimate
//   interest (nothing is processed on a basis the visitor said no to);
// - every configured vendor is disclosed, whatever the choice.

const ids = (obj) => Object.keys(obj || {}).map(Number);

/**
 * What can be chosen: `{purposes, purposesLi, specialFeatures, vendors,
 * vendorsLi, google}` (sorted id lists; `google` the Additional Consent
 * providers) for `gvl` (the parsed list) and the configured vendors.
 */
export function offerOf(gvl, vendorIds, googleIds) {
  const purposes = new Set();
  const purposesLi = new Set();
  const specialFeatures = new Set();
  const vendors = [];
  const vendorsLi = [];
  for (const id of vendorIds) {
    const v = gvl.vendors[String(id)];
    for (const p of v.purposes || []) purposes.add(p);
    for (const p of v.legIntPurposes || []) purposesLi.add(p);
    for (const f of v.specialFeatures || []) specialFeatures.add(f);
    if ((v.purposes || []).length || (v.specialFeatures || []).length) vendors.push(id);
    if ((v.legIntPurposes || []).length) vendorsLi.push(id);
  }
  const sorted = (set) => [...set].sort((a, b) => a - b);
  return {
    purposes: sorted(purposes).filter((p) => ids(gvl.purposes).includes(p)),
    purposesLi: sorted(purposesLi).filter((p) => ids(gvl.purposes).includes(p)),
    specialFeatures: sorted(specialFeatures),
    vendors: sorted(vendors),
    vendorsLi: sorted(vendorsLi),
    google: sorted(new Set(googleIds)),
  };
}

/** Everything on (`on` true) or every consent off and every legitimate interest objected to. */
export function choiceAll(offer, on) {
  const pick = (list) => (on ? list.slice() : []);
  return {
    purposes: pick(offer.purposes),
    purposesLi: pick(offer.purposesLi),
    specialFeatures: pick(offer.specialFeatures),
    vendors: pick(offer.vendors),
    vendorsLi: pick(offer.vendorsLi),
    google: pick(offer.google),
  };
}

/** The choice a stored model (and Additional Consent string) holds, within the offer. */
export function choiceOf(model, ac, offer) {
  const within = (list, held) => list.filter((id) => held.includes(id));
  return {
    purposes: within(offer.purposes, model.purposeConsents),
    purposesLi: within(offer.purposesLi, model.purposeLegitimateInterests),
    specialFeatures: within(offer.specialFeatures, model.specialFeatureOptins),
    vendors: within(offer.vendors, model.vendorConsents),
    vendorsLi: within(offer.vendorsLi, model.vendorLegitimateInterests),
    google: within(offer.google, acParts(ac).consented),
  };
}

/**
 * The TC model for `choice`. `o`: `{cmpId, cmpVersion, vendorListVersion,
 * policyVersion, language, publisherCountryCode, purposeOneTreatment,
 * vendors (the configured ones), consentScreen, created, now}` (ms).
 */
export function modelOf(choice, o) {
  return {
    version: 2,
    created: o.created,
    lastUpdated: o.now,
    cmpId: o.cmpId,
    cmpVersion: o.cmpVersion,
    consentScreen: o.consentScreen,
    consentLanguage: o.language.slice(0, 2).toUpperCase(),
    vendorListVersion: o.vendorListVersion,
    policyVersion: o.policyVersion,
    isServiceSpecific: true,
    useNonStandardTexts: false,
    specialFeatureOptins: choice.specialFeatures.slice(),
    purposeConsents: choice.purposes.slice(),
    purposeLegitimateInterests: choice.purposesLi.slice(),
    purposeOneTreatment: o.purposeOneTreatment,
    publisherCountryCode: o.publisherCountryCode,
    vendorConsents: choice.vendors.slice(),
    vendorLegitimateInterests: choice.vendorsLi.slice(),
    publisherRestrictions: [],
    vendorsDisclosed: [...o.vendors].sort((a, b) => a - b),
  };
}

/** Google's Additional Consent string, v2: `2~<consented ids>~dv.<the other disclosed ids>`. */
export function acString(offer, consented) {
  const others = offer.google.filter((id) => !consented.includes(id));
  return '2~' + consented.join('.') + '~dv.' + others.join('.');
}

/** `{consented, disclosed}` of an Additional Consent string (empty lists for anything else). */
export function acParts(ac) {
  const found = /^2~([\d.]*)~dv\.([\d.]*)$/.exec(ac || '');
  const list = (s) => (s ? s.split('.').filter(Boolean).map(Number) : []);
  if (!found) return { consented: [], disclosed: [] };
  return { consented: list(found[1]), disclosed: [...list(found[1]), ...list(found[2])] };
}
