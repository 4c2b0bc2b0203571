// The CMP API v2 TCData object for a decoded TC string: a pure function of
// the model (what decode() returns) and the CMP's state. No GVL goes in:
// every field is defined by the string and the running CMP (cmpId,
// cmpVersion, statuses, the listener), as in the IAB's @iabtechlabtcf/cmpapi,
// which tests/iab/tcdata.test.mjs compares this with field by field.
//
// Shapes follow cmpapi 1.5.21 where the spec leaves room: id maps run from
// 1 to the highest id set (or over `vendorIds` when the caller asked for
// those); with gdprApplies false only cmpId, cmpVersion, gdprApplies,
// tcfPolicyVersion and the statuses are present.

/** `{ '1': true, '2': false, … }` up to the highest id, or over `only`. */
function idMap(ids, only) {
  const set = new Set(ids);
  const max = ids.reduce((a, b) => Math.max(a, b), 0);
  const keys = only ?? Array.from({ length: max }, (_, i) => i + 1);
  const out = {};
  for (const id of keys) out[String(id)] = set.has(Number(id));
  return out;
}

/** `{ [purposeId]: { [vendorId]: restrictionType } }`; a later entry wins. */
function restrictionMap(restrictions) {
  const out = {};
  for (const { purposeId, restrictionType, vendors } of restrictions) {
    const byVendor = (out[String(purposeId)] ??= {});
    for (const id of vendors) byVendor[String(id)] = restrictionType;
  }
  return out;
}

/**
 * @param {object|null} model the decoded TC string (null: none yet)
 * @param {object} o { tcString, cmpId, cmpVersion, gdprApplies, eventStatus,
 *   cmpStatus, listenerId, vendorIds, addtlConsent, enableAdvertiserConsentMode,
 *   tcfPolicyVersion (when there is no model) }
 */
export function tcData(model, o) {
  const data = {
    cmpId: o.cmpId,
    cmpVersion: o.cmpVersion,
    gdprApplies: o.gdprApplies,
    tcfPolicyVersion: model && o.gdprApplies ? model.policyVersion : o.tcfPolicyVersion,
    eventStatus: o.eventStatus,
    cmpStatus: o.cmpStatus,
    listenerId: o.listenerId,
  };
  if (!o.gdprApplies || !model) return data;
  const only = o.vendorIds;
  const publisher = model.publisherTC ?? {};
  Object.assign(data, {
    tcString: o.tcString,
    isServiceSpecific: model.isServiceSpecific,
    useNonStandardTexts: model.useNonStandardTexts,
    purposeOneTreatment: model.purposeOneTreatment,
    publisherCC: model.publisherCountryCode,
  });
  if (!model.isServiceSpecific) {
    // Global scope (deprecated): the string has no allowed-vendors segment here.
    data.outOfBand = { allowedVendors: idMap([], only), disclosedVendors: idMap(model.vendorsDisclosed, only) };
  }
  Object.assign(data, {
    purpose: { consents: idMap(model.purposeConsents), legitimateInterests: idMap(model.purposeLegitimateInterests) },
    vendor: {
      consents: idMap(model.vendorConsents, only),
      legitimateInterests: idMap(model.vendorLegitimateInterests, only),
      disclosedVendors: idMap(model.vendorsDisclosed, only),
    },
    specialFeatureOptins: idMap(model.specialFeatureOptins),
    publisher: {
      consents: idMap(publisher.consents ?? []),
      legitimateInterests: idMap(publisher.legitimateInterests ?? []),
      customPurpose: {
        consents: idMap(publisher.customConsents ?? []),
        legitimateInterests: idMap(publisher.customLegitimateInterests ?? []),
      },
      restrictions: restrictionMap(model.publisherRestrictions),
    },
  });
  if (o.addtlConsent !== undefined) data.addtlConsent = o.addtlConsent;
  if (o.enableAdvertiserConsentMode !== undefined) data.enableAdvertiserConsentMode = o.enableAdvertiserConsentMode;
  return data;
}
