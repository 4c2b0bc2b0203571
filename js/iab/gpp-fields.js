// The GPP model of a visitor's choices (what pkg/consentry-gpp.js encodes):
// the configured US sections with the values the choices give, and the
// TC string when TCF is on. docs/regions.md has the table; in short, per
// mark (`sale`, `sharing`, `targetedAds`, `sensitive`) of the site's
// optional categories:
//   its notice        1 (given: the entry point and the switches) when a
//                     category has the mark, else 0 (not applicable);
//   its opt-out       1 (opted out) when any category with the mark is
//                     denied, 2 (did not) when all are granted, else 0;
//   sensitive data    each SensitiveDataProcessing item 1 (opted out / no
//                     consent) or 2, 0 without a sensitive category;
//   Gpc               the browser's signal, in the GPC subsection.
// Known-child and personal-data consents are 0 (not applicable) and the
// site is not an MSPA signatory (MspaCoveredTransaction 2, modes 0).

/** `{sale, sharing, targetedAds, sensitive}` → the optional categories with that mark. */
export function marked(categories) {
  const out = { sale: [], sharing: [], targetedAds: [], sensitive: [] };
  for (const c of categories) {
    if (c.required) continue;
    for (const mark in out) if (c[mark]) out[mark].push(c.key);
  }
  return out;
}

/** 1 opted out (a category with the mark denied), 2 not, 0 no such category. */
function optOut(keys, granted) {
  if (!keys.length) return 0;
  return keys.every(granted) ? 2 : 1;
}

/**
 * The model for `sections` (['usnat', 'usca'] as configured), the
 * categories' `marks` (from marked()), `granted(key)` and the GPC signal;
 * `tcString` when TCF is on and has one.
 */
export function gppModel({ sections, marks, granted, gpc, tcString }) {
  const notice = (keys) => (keys.length ? 1 : 0);
  const sale = optOut(marks.sale, granted);
  const sharing = optOut(marks.sharing, granted);
  const targeted = optOut(marks.targetedAds, granted);
  const sensitive = marks.sensitive.length ? (marks.sensitive.every(granted) ? 2 : 1) : 0;
  const gpcPart = { GpcSegmentIncluded: true, Gpc: gpc };
  const model = { sections: {} };
  if (tcString) model.sections.tcfeuv2 = tcString;
  if (sections.includes('usnat')) {
    model.sections.usnat = {
      Version: 2,
      SharingNotice: notice(marks.sharing),
      SaleOptOutNotice: notice(marks.sale),
      SharingOptOutNotice: notice(marks.sharing),
      TargetedAdvertisingOptOutNotice: notice(marks.targetedAds),
      SensitiveDataProcessingOptOutNotice: notice(marks.sensitive),
      SensitiveDataLimitUseNotice: notice(marks.sensitive),
      SaleOptOut: sale,
      SharingOptOut: sharing,
      TargetedAdvertisingOptOut: targeted,
      SensitiveDataProcessing: new Array(16).fill(sensitive),
      KnownChildSensitiveDataConsents: [0, 0, 0],
      PersonalDataConsents: 0,
      MspaCoveredTransaction: 2,
      MspaOptOutOptionMode: 0,
      MspaServiceProviderMode: 0,
      ...gpcPart,
    };
  }
  if (sections.includes('usca')) {
    // California's sharing is cross-context behavioural advertising: both marks.
    const caSharing = optOut(marks.sharing.concat(marks.targetedAds), granted);
    model.sections.usca = {
      Version: 1,
      SaleOptOutNotice: notice(marks.sale),
      SharingOptOutNotice: notice(marks.sharing.concat(marks.targetedAds)),
      SensitiveDataLimitUseNotice: notice(marks.sensitive),
      SaleOptOut: sale,
      SharingOptOut: caSharing,
      SensitiveDataProcessing: new Array(9).fill(sensitive),
      KnownChildSensitiveDataConsents: [0, 0],
      PersonalDataConsents: 0,
      MspaCoveredTransaction: 2,
      MspaOptOutOptionMode: 0,
      MspaServiceProviderMode: 0,
      ...gpcPart,
    };
  }
  return model;
}
