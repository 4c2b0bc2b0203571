// What a consent record (the object getConsent() and readConsent() return)
// grants, read from the record alone: for code that has a record but no
// running Consentry (the server, and the first render in the browser
// before the core has started). The core's hasConsent answers the same for
// the same record: a category by `categories[name]`, a service by
// `services[category][service]` (the core never grants a service of a
// denied category).

/** `o[k]` when `k` is `o`'s own key: keys like "constructor" or "__proto__" grant nothing. */
function own(o, k) {
  return o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}

/** Whether `record` grants `category` (and `service` of it, when given); `false` for no record. */
export function recordGrants(record, category, service) {
  if (typeof category !== 'string') return false;
  if (service === undefined || service === null) return own(own(record, 'categories'), category) === true;
  if (typeof service !== 'string') return false;
  return own(own(own(record, 'services'), category), service) === true;
}
