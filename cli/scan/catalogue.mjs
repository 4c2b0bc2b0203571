// The known-services catalogue (data/services.json): per service its title,
// provider, privacy policy, default category, hosts (tracker-table key
// shapes), cookies (config patterns, with purpose and duration) and storage
// keys. Each cookie's texts come from the Open Cookie Database unless the
// entry names the vendor's documentation in `docs`. checkCatalogue() is run
// by the build (scripts/package.mjs) and the tests.
import { cookieDatabase } from './cookie-db.mjs';
import { startCore, categoryOf } from './classify.mjs';
import { CATALOGUE_FILE, loadCatalogue, STORAGE_TYPES } from '../services.mjs';

export { loadCatalogue, STORAGE_TYPES };
export const FILE = CATALOGUE_FILE;
export const CATEGORIES = ['necessary', 'preferences', 'analytics', 'marketing', 'embeds'];
const KEY = /^[a-z][a-z0-9-]{0,39}$/;

/** A URL the host key covers: `*.a.b` -> https://x.a.b/, `a.b/p` -> https://a.b/p. */
export const sampleUrl = (key) => `https://${key.replace(/^\*\./, 'x.')}${key.includes('/') ? '' : '/'}`;

/** The problems of the catalogue (empty when it is sound), as `service: message` lines. */
export async function checkCatalogue(services = loadCatalogue()) {
  const db = cookieDatabase();
  const problems = [];
  const say = (key, message) => problems.push(`data/services.json: ${key}: ${message}`);
  const hostOwner = new Map();
  // One config declaring every service's cookies and hosts under its category.
  const config = {
    categories: Object.fromEntries(CATEGORIES.map((c) => [c, { ...(c === 'necessary' ? { required: true } : {}), cookies: [] }])),
    blocking: { hosts: {} },
  };
  for (const [key, s] of Object.entries(services)) {
    if (!KEY.test(key)) say(key, 'a service key is lower-case letters, digits and -');
    for (const field of ['title', 'provider']) if (typeof s[field] !== 'string' || !s[field]) say(key, `no ${field}`);
    if (!s.firstParty && !/^https:\/\/[^\s]+$/.test(s.privacyPolicyUrl || '')) say(key, 'privacyPolicyUrl must be an https URL (or firstParty: true)');
    if (!CATEGORIES.includes(s.category)) say(key, `category ${JSON.stringify(s.category)} is not one of ${CATEGORIES.join(', ')}`);
    if (!Array.isArray(s.hosts) || !Array.isArray(s.cookies)) {
      say(key, 'hosts and cookies must be arrays');
      continue;
    }
    for (const host of s.hosts) {
      const other = hostOwner.get(host);
      if (other && services[other].category !== s.category) say(key, `${host} is ${s.category} here but ${services[other].category} in ${other}`);
      hostOwner.set(host, key);
      config.blocking.hosts[host] = s.category;
    }
    const texts = (kind, item) => {
      if (typeof item?.name !== 'string' || typeof item.purpose !== 'string' || !item.purpose) {
        return say(key, `${kind} ${JSON.stringify(item)} needs a name and a purpose`);
      }
      if (item.docs !== undefined) {
        if (typeof item.docs !== 'string' || !item.docs) say(key, `${item.name}: docs must name the vendor's documentation`);
        return;
      }
      const entries = db.byPattern(item.name);
      if (!entries.length) return say(key, `${item.name} is not in the Open Cookie Database: give its docs`);
      const same = entries.some((e) => e.description === item.purpose && (kind !== 'cookie' || e.retention === item.duration));
      if (!same) say(key, `${item.name}: purpose or duration differ from the database's (run node scripts/services.mjs --fill)`);
    };
    for (const cookie of s.cookies) {
      texts('cookie', cookie);
      if (typeof cookie?.duration !== 'string') say(key, `${cookie?.name}: no duration`);
      if (cookie?.name) config.categories[CATEGORIES.includes(s.category) ? s.category : 'necessary'].cookies.push(cookie.name);
    }
    for (const item of s.storage || []) {
      if (!STORAGE_TYPES.includes(item?.type)) say(key, `storage ${item?.name}: type must be one of ${STORAGE_TYPES.join(', ')}`);
      texts('storage key', item);
    }
  }
  // The core's own rules: its config reader checks every host key and cookie
  // pattern, its matcher must give each host the service's category, and the
  // default tracker table must not disagree with the catalogue.
  let started;
  try {
    started = await startCore(JSON.stringify(config));
  } catch (e) {
    problems.push(`data/services.json: the core rejects the catalogue's hosts or cookies: ${e.message}`);
    return problems;
  }
  const table = await startCore(JSON.stringify({ categories: config.categories }));
  for (const [host, key] of hostOwner) {
    const url = sampleUrl(host);
    const got = categoryOf(started.session, url);
    if (got !== services[key].category) say(key, `the core puts ${url} in ${got}, not ${services[key].category}`);
    const byTable = categoryOf(table.session, url);
    if (byTable && byTable !== services[key].category) say(key, `${host} is ${services[key].category} here but ${byTable} in data/trackers.json`);
  }
  return problems;
}

let vendorIndex;

/** Cookies and storage keys the catalogue documents from vendors' docs (not
 * in the database): [{ pattern, service, category, provider, purpose, duration }]. */
export function vendorDocumented() {
  if (vendorIndex) return vendorIndex;
  vendorIndex = [];
  for (const [key, s] of Object.entries(loadCatalogue())) {
    for (const item of [...s.cookies, ...(s.storage || [])]) {
      if (item.docs) {
        vendorIndex.push({ pattern: item.name, service: key, category: s.category, provider: s.provider, purpose: item.purpose, duration: item.duration || '', docs: item.docs });
      }
    }
  }
  return vendorIndex;
}
