// The Open Cookie Database (data/open-cookie-database/cookies.json, Apache-2.0):
// cookie and storage-key names -> category, platform, controller, purpose,
// retention. Exact names first, then the database's wildcard names, the most
// specific first.
import { readFileSync } from 'node:fs';
import { matchesPattern, specificity } from './patterns.mjs';

const FILE = new URL('../../data/open-cookie-database/cookies.json', import.meta.url);

/** The database's categories -> Consentry's category keys. The database's
 * "Functional" is the strictly necessary kind (its README: "also known as
 * technical, essential or strictly necessary"); "Personalization" is
 * preferences. */
export const CATEGORY_OF = {
  Functional: 'necessary',
  Necessary: 'necessary',
  Security: 'necessary',
  Personalization: 'preferences',
  Analytics: 'analytics',
  Marketing: 'marketing',
};

/** An entry's name as a config pattern: a wildcard name is a prefix. */
export const patternOf = (entry) => (entry.wildcard && !entry.name.endsWith('*') ? `${entry.name}*` : entry.name);

/** `.facebook.com (3rd party)` -> `facebook.com`; '' when the entry names none. */
function entryDomain(entry) {
  const first = entry.domain.split(/\s+/)[0] || '';
  return first.replace(/^\./, '').replace(/\.$/, '').toLowerCase();
}

let cached;

/** The database, indexed: `lookup(name, domain?)` gives the best entry or undefined. */
export function cookieDatabase() {
  if (cached) return cached;
  const { cookies: entries, source } = JSON.parse(readFileSync(FILE, 'utf8'));
  const exact = new Map();
  const patterns = [];
  for (const entry of entries) {
    const pattern = patternOf(entry);
    if (pattern.includes('*')) patterns.push([pattern, entry]);
    else exact.set(entry.name, [...(exact.get(entry.name) || []), entry]);
  }
  patterns.sort((a, b) => specificity(b[0]) - specificity(a[0]));
  /** Of several entries for one name, the one whose domain the cookie's is. */
  const pick = (candidates, domain) => {
    const bare = (domain || '').replace(/^\./, '').toLowerCase();
    return (
      candidates.find((e) => {
        const d = entryDomain(e);
        return d && bare && (bare === d || bare.endsWith(`.${d}`));
      }) || candidates[0]
    );
  };
  cached = {
    entries,
    source,
    lookup(name, domain) {
      const hit = exact.get(name);
      if (hit) return { pattern: name, entry: pick(hit, domain) };
      const matching = patterns.filter(([p]) => matchesPattern(p, name));
      if (!matching.length) return undefined;
      const best = specificity(matching[0][0]);
      const same = matching.filter(([p]) => specificity(p) === best);
      const entry = pick(
        same.map(([, e]) => e),
        domain,
      );
      return { pattern: patternOf(entry), entry };
    },
    /** Every entry whose pattern is exactly `pattern`. */
    byPattern(pattern) {
      return pattern.includes('*') ? patterns.filter(([p]) => p === pattern).map(([, e]) => e) : exact.get(pattern) || [];
    },
  };
  return cached;
}
