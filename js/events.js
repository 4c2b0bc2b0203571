// The API's events (`on()` handlers) and what a change tells the page:
// `ready`, `consent` (the first choice), `change` ({record, changed}),
// `show`, `hide`; and GTM's dataLayer event.

export const EVENTS = ['ready', 'consent', 'change', 'show', 'hide'];

const handlers = Object.fromEntries(EVENTS.map((name) => [name, []]));

/** Appends without Array.prototype.push, which a page may have replaced. */
export function append(list, item) {
  list[list.length] = item;
}

/** Adds `handler` for `event` (one of EVENTS); returns the function that removes it. */
export function on(event, handler) {
  append(handlers[event], handler);
  return () => {
    const at = handlers[event].indexOf(handler);
    if (at >= 0) handlers[event].splice(at, 1);
  };
}

/** Calls every handler of `name`; a throwing handler does not stop the others. */
export function emit(name, detail) {
  for (const fn of handlers[name].slice()) {
    try {
      fn(detail);
    } catch (e) {
      console.error(e);
    }
  }
}

/** A deep copy of a record for page code (which may change it freely). */
export function copy(value) {
  if (typeof value !== 'object' || value === null) return value;
  const out = {};
  for (const key in value) out[key] = copy(value[key]);
  return out;
}

/**
 * What differs between two records (either may be null), over `categories`
 * (the config's keys): `{categories: {name: now}, services: {category: {service: now}}}`.
 */
export function diff(categories, before, after) {
  const changed = { categories: {}, services: {} };
  const empty = { categories: {}, services: {} };
  const now = after || empty;
  const then = before || empty;
  for (const name of categories) {
    const value = now.categories[name] === true;
    if (value !== (then.categories[name] === true)) changed.categories[name] = value;
    const services = now.services[name] || {};
    const old = then.services[name] || {};
    for (const service in services) {
      if (services[service] !== (old[service] === true)) {
        (changed.services[name] = changed.services[name] || {})[service] = services[service];
      }
    }
  }
  return changed;
}

/**
 * GTM's `consentry_update` event, on every page that has a dataLayer (no
 * option turns it on): the granted categories, the services switched on,
 * and how the choice was made. `granted(category)` answers for `record`.
 */
export function tellDataLayer(categories, record, granted) {
  if (!record || !window.dataLayer) return;
  const services = {};
  for (const category in record.services) {
    const states = record.services[category];
    services[category] = Object.keys(states).filter((s) => states[s]);
  }
  window.dataLayer.push({
    event: 'consentry_update',
    consentry: { categories: categories.filter((c) => granted(c)), services, method: record.method },
  });
}
