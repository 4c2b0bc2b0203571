// What the owner must look at, from the analysed passes and the config:
// violations (anything not necessary before a choice or after refusal),
// cookies set but not declared, declared but never seen, declared under
// another category than the database's, kept longer than 13 months, and
// what nothing classifies.
import { matchesPattern } from './patterns.mjs';

/** Passes in which only strictly necessary things may happen. */
const STRICT = ['none', 'reject'];
const isOptional = (category) => Boolean(category) && category !== 'necessary';

/** The config's cookie declarations: [{ pattern, category, service? }]. */
export function declarations(config) {
  const out = [];
  const add = (list, category, service) => {
    for (const d of Array.isArray(list) ? list : []) {
      const pattern = typeof d === 'string' ? d : d?.name;
      if (typeof pattern === 'string' && pattern) out.push({ pattern, category, ...(service ? { service } : {}) });
    }
  };
  for (const [category, c] of Object.entries(config?.categories || {})) {
    add(c?.cookies, category);
    for (const [service, s] of Object.entries(c?.services || {})) add(s?.cookies, category, service);
  }
  return out;
}

/** Whether `expires` (ISO) is more than 13 calendar months after `observedAt` (ISO), with a day's slack. */
export function overThirteenMonths(expires, observedAt) {
  if (!expires) return false;
  const limit = new Date(observedAt);
  limit.setUTCMonth(limit.getUTCMonth() + 13);
  return Date.parse(expires) > limit.getTime() + 86400000;
}

export function findings(passes, { config, consentName }) {
  const violations = [];
  for (const pass of passes.filter((p) => !p.skipped && STRICT.includes(p.id))) {
    for (const c of pass.cookies.filter((c) => isOptional(c.category))) {
      violations.push({ pass: pass.id, kind: 'cookie', name: c.name, domain: c.domain, category: c.category, page: c.firstSeen, setBy: c.setBy });
    }
    for (const s of pass.storage.filter((s) => isOptional(s.category))) {
      violations.push({ pass: pass.id, kind: s.type, name: s.name, category: s.category, page: s.firstSeen, setBy: s.setBy });
    }
    const requests = [...pass.requests, ...(pass.decision?.requests || [])];
    for (const r of requests.filter((r) => isOptional(r.category))) {
      violations.push({ pass: pass.id, kind: 'request', name: r.url, host: r.host, type: r.type, category: r.category, page: r.pages[0], initiator: r.initiator });
    }
  }

  const declared = declarations(config);
  const seen = new Map();
  for (const pass of passes.filter((p) => !p.skipped)) {
    for (const c of pass.cookies) {
      const s = seen.get(c.name) || { ...c, passes: [] };
      s.passes.push(pass.id);
      seen.set(c.name, s);
    }
  }
  const cookies = [...seen.values()].filter((c) => c.name !== consentName);
  const undeclared = cookies
    .filter((c) => !declared.some((d) => matchesPattern(d.pattern, c.name)))
    .map((c) => ({ name: c.name, domain: c.domain, category: c.category, known: c.known, pattern: c.pattern, passes: c.passes, page: c.firstSeen }));
  const unused = declared.filter((d) => !cookies.some((c) => matchesPattern(d.pattern, c.name)) && d.pattern !== consentName);
  const miscategorised = [];
  for (const c of cookies.filter((c) => c.known)) {
    const d = declared.find((x) => matchesPattern(x.pattern, c.name));
    if (d && d.category !== c.category) miscategorised.push({ name: c.name, declared: d.category, database: c.category, source: c.source });
  }
  const retention = cookies
    .filter((c) => overThirteenMonths(c.expires, c.observedAt))
    .map((c) => ({ name: c.name, domain: c.domain, category: c.category, lifetimeDays: c.lifetimeDays, expires: c.expires }));

  const unknownCookies = cookies.filter((c) => !c.known).map((c) => ({ name: c.name, domain: c.domain, page: c.firstSeen, setBy: c.setBy }));
  const storage = new Map();
  for (const pass of passes.filter((p) => !p.skipped)) {
    for (const s of pass.storage.filter((s) => !s.known)) storage.set(`${s.type}|${s.name}`, { type: s.type, name: s.name, page: s.firstSeen, setBy: s.setBy });
  }
  const hosts = new Map();
  for (const pass of passes.filter((p) => !p.skipped)) {
    for (const r of pass.requests.filter((r) => !r.category)) {
      const h = hosts.get(r.host) || { host: r.host, types: [], passes: [] };
      if (!h.types.includes(r.type)) h.types.push(r.type);
      if (!h.passes.includes(pass.id)) h.passes.push(pass.id);
      hosts.set(r.host, h);
    }
  }
  return {
    violations,
    undeclared,
    unused,
    miscategorised,
    retention,
    unknown: { cookies: unknownCookies, storage: [...storage.values()], hosts: [...hosts.values()] },
  };
}
