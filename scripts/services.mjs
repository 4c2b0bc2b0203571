// data/services.json: check it, or fill in the texts taken from the Open
// Cookie Database.
//
//   node scripts/services.mjs          check (also run by scripts/package.mjs and the tests)
//   node scripts/services.mjs --fill   write each database-backed cookie's purpose and
//                                      duration, and a service's missing provider and
//                                      privacyPolicyUrl, from the database
//
// A cookie may be written as a bare name or pattern ("_ga_*"); --fill turns it
// into { name, purpose, duration }, preferring the database entries of the
// service's `platform`. Cookies the database lacks need purpose, duration and
// `docs` (the vendor's documentation) by hand.
import { readFile, writeFile } from 'node:fs/promises';
import { cookieDatabase } from '../cli/scan/cookie-db.mjs';
import { checkCatalogue, FILE } from '../cli/scan/catalogue.mjs';

async function fill() {
  const data = JSON.parse(await readFile(FILE, 'utf8'));
  const db = cookieDatabase();
  const preferred = (service, pattern) => {
    const entries = db.byPattern(pattern);
    const platform = (service.platform || '').toLowerCase();
    return entries.find((e) => e.platform.toLowerCase() === platform) || entries[0];
  };
  for (const [key, service] of Object.entries(data.services)) {
    const fillItem = (item) => {
      const it = typeof item === 'string' ? { name: item } : item;
      if (it.docs) return it;
      const entry = preferred(service, it.name);
      if (!entry) throw new Error(`${key}: ${it.name} is not in the database; give purpose, duration and docs`);
      return { ...it, purpose: entry.description, ...(it.type ? {} : { duration: entry.retention }) };
    };
    service.cookies = service.cookies.map(fillItem);
    if (service.storage) service.storage = service.storage.map(fillItem);
    const first = service.cookies.find((c) => !c.docs) && preferred(service, service.cookies.find((c) => !c.docs).name);
    if (!service.provider && first) service.provider = first.controller;
    if (!service.privacyPolicyUrl && first?.privacy) service.privacyPolicyUrl = first.privacy;
  }
  await writeFile(FILE, format(data));
}

const ORDER = ['title', 'provider', 'privacyPolicyUrl', 'firstParty', 'category', 'platform', 'hosts', 'cookies', 'storage'];

/** The file's layout: a service's fields in ORDER, one line per host list,
 * cookie and storage key, so that a change reads as a one-line diff. */
function format(data) {
  const line = (v) => JSON.stringify(v);
  const services = Object.entries(data.services).map(([key, service]) => {
    const fields = ORDER.filter((f) => service[f] !== undefined).map((f) => {
      const v = service[f];
      if ((f === 'cookies' || f === 'storage') && v.length) return `      ${line(f)}: [\n${v.map((x) => `        ${line(x)}`).join(',\n')}\n      ]`;
      return `      ${line(f)}: ${line(v)}`;
    });
    return `    ${line(key)}: {\n${fields.join(',\n')}\n    }`;
  });
  return `{\n  "about": ${line(data.about)},\n  "services": {\n${services.join(',\n')}\n  }\n}\n`;
}

if (process.argv.includes('--fill')) await fill();
const problems = await checkCatalogue();
for (const p of problems) console.error(p);
if (problems.length) process.exit(1);
console.log(`data/services.json: ${Object.keys((await import('../cli/scan/catalogue.mjs')).loadCatalogue()).length} services, checked`);
