// From what the browser saw to the report's facts: each pass's cookies,
// storage keys and third-party requests, classified.
import { cookieDatabase, CATEGORY_OF } from './cookie-db.mjs';
import { vendorDocumented } from './catalogue.mjs';
import { matchesPattern } from './patterns.mjs';
import { isFirstParty } from './site.mjs';
import { consentCookieName } from './crawl.mjs';

/** `(name, domain?) => classification` for cookies and storage keys. */
export function nameClassifier(configText) {
  const db = cookieDatabase();
  const vendor = vendorDocumented();
  const consentName = consentCookieName(configText);
  const consentry = vendor.find((v) => v.service === 'consentry' && v.pattern === 'consentry');
  return (name, domain) => {
    if (name === consentName && consentry) {
      const { category, provider, purpose, duration } = consentry;
      return { known: true, category, pattern: name, platform: 'Consentry', provider, purpose, retention: duration, source: 'Consentry' };
    }
    const hit = db.lookup(name, domain);
    if (hit && CATEGORY_OF[hit.entry.category]) {
      const e = hit.entry;
      return {
        known: true,
        category: CATEGORY_OF[e.category],
        pattern: hit.pattern,
        platform: e.platform,
        provider: e.controller,
        purpose: e.description,
        retention: e.retention,
        privacy: e.privacy,
        source: 'Open Cookie Database',
      };
    }
    const v = vendor.find((x) => matchesPattern(x.pattern, name));
    if (v) {
      return { known: true, category: v.category, pattern: v.pattern, platform: v.service, provider: v.provider, purpose: v.purpose, retention: v.duration, source: `vendor documentation (${v.docs})` };
    }
    return { known: false, category: null, pattern: name };
  };
}

/** A lifetime in seconds as people say it: session, 30 minutes, 24 hours, 393 days. */
export function humanLifetime(seconds) {
  if (seconds === null || seconds === undefined) return 'session';
  const [n, unit] = seconds < 3600 ? [Math.round(seconds / 60), 'minute'] : seconds < 172800 ? [Math.round(seconds / 3600), 'hour'] : [Math.round(seconds / 86400), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

const unique = (list) => [...new Set(list.filter(Boolean))];

/** Who wrote `name` of `kind`, as URLs. */
const writersOf = (writers, kind, name) => unique(writers.filter((w) => w.kind === kind && w.name === name).map((w) => w.url));

/** One pass's cookies, storage and requests, classified. */
function passFacts(pass, { classifyName, classifyHost, siteHost }) {
  const cookies = new Map();
  const storage = new Map();
  const requests = new Map();
  for (const visit of pass.visits) {
    for (const c of visit.cookies || []) {
      const key = `${c.name}|${c.domain}|${c.path}`;
      if (cookies.has(key)) continue;
      const lifetime = c.expires > 0 ? Math.max(0, Math.round(c.expires - visit.at / 1000)) : null;
      cookies.set(key, {
        name: c.name,
        domain: c.domain,
        path: c.path,
        expires: c.expires > 0 ? new Date(c.expires * 1000).toISOString() : null,
        session: !(c.expires > 0),
        lifetimeSeconds: lifetime,
        lifetimeDays: lifetime === null ? null : Math.round(lifetime / 86400),
        observedAt: new Date(visit.at).toISOString(),
        httpOnly: c.httpOnly,
        secure: c.secure,
        sameSite: c.sameSite,
        ...(c.partitionKey ? { partitionKey: c.partitionKey } : {}),
        firstParty: isFirstParty(c.domain, siteHost),
        firstSeen: visit.url,
        setBy: writersOf(pass.writers, 'cookie', c.name),
        ...classifyName(c.name, c.domain),
      });
    }
    for (const type of ['localStorage', 'sessionStorage', 'indexedDB']) {
      for (const name of visit.storage?.[type] || []) {
        const key = `${type}|${visit.storage.origin}|${name}`;
        if (storage.has(key)) continue;
        storage.set(key, { type, name, origin: visit.storage.origin, firstSeen: visit.url, setBy: writersOf(pass.writers, type, name), ...classifyName(name) });
      }
    }
    for (const r of visit.requests) addRequest(requests, r, classifyHost);
  }
  // A cookie a script wrote that is not in the jar when the page settled was
  // deleted (or replaced) in between: it was set all the same.
  for (const w of pass.writers.filter((w) => w.kind === 'cookie' && w.via === 'script' && w.host)) {
    if ([...cookies.values()].some((c) => c.name === w.name)) continue;
    cookies.set(`${w.name}|${w.host}|transient`, {
      name: w.name,
      domain: w.host,
      path: null,
      expires: null,
      session: null,
      lifetimeSeconds: null,
      lifetimeDays: null,
      observedAt: null,
      transient: true,
      firstParty: isFirstParty(w.host, siteHost),
      firstSeen: w.page,
      setBy: writersOf(pass.writers, 'cookie', w.name),
      ...classifyName(w.name, w.host),
    });
  }
  return { cookies: [...cookies.values()], storage: [...storage.values()], requests: [...requests.values()] };
}

function addRequest(map, r, classifyHost) {
  const key = `${r.type}|${r.url}`;
  const seen = map.get(key);
  if (seen) {
    seen.count++;
    if (!seen.pages.includes(r.page)) seen.pages.push(r.page);
    return;
  }
  map.set(key, { url: r.url, host: r.host, type: r.type, initiator: r.initiator, category: classifyHost(r.url) ?? null, pages: [r.page], count: 1 });
}

/** Cookies, storage keys and requests per category (`unknown` for the unclassified). */
export function countByCategory(facts) {
  const counts = {};
  const add = (kind, category) => {
    const c = (counts[category || 'unknown'] ||= { cookies: 0, storage: 0, requests: 0 });
    c[kind]++;
  };
  for (const c of facts.cookies) add('cookies', c.category);
  for (const s of facts.storage) add('storage', s.category);
  for (const r of facts.requests) add('requests', r.category);
  return counts;
}

/** The passes of a crawl as the report shows them. */
export function analysePasses(raw, { classifyName, classifyHost, siteHost }) {
  return raw.passes.map((pass) => {
    if (pass.skipped) return { id: pass.id, title: pass.title, skipped: true, reason: pass.reason };
    const facts = passFacts(pass, { classifyName, classifyHost, siteHost });
    const out = {
      id: pass.id,
      title: pass.title,
      skipped: false,
      complete: pass.complete,
      pages: pass.visits.map((v) => ({
        url: v.url,
        status: v.status,
        ...(v.error ? { error: v.error } : {}),
        cookies: unique((v.cookies || []).map((c) => c.name)),
        storage: { localStorage: v.storage.localStorage, sessionStorage: v.storage.sessionStorage, indexedDB: v.storage.indexedDB },
        requests: v.requests.length,
      })),
      ...facts,
    };
    if (pass.decision) {
      const d = pass.decision;
      const requests = new Map();
      for (const r of d.requests) addRequest(requests, r, classifyHost);
      out.decision = {
        method: d.method,
        url: d.url,
        ok: d.ok,
        ...(d.reason ? { reason: d.reason } : {}),
        cookies: d.cookies.map((c) => ({ name: c.name, domain: c.domain, ...classifyName(c.name, c.domain) })),
        requests: [...requests.values()],
      };
    }
    out.counts = countByCategory(out);
    return out;
  });
}
