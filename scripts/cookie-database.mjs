// Converts the Open Cookie Database's CSV into data/open-cookie-database/cookies.json,
// the file the scanner and the services catalogue read:
//
//   node scripts/cookie-database.mjs path/to/open-cookie-database.csv [commit-and-date]
//
// The CSV is upstream's format (jkwakman/Open-Cookie-Database); the JSON keeps
// every row and every column but upstream's row id, with names and fields trimmed of surrounding
// whitespace, one entry per line so that an update reads as a diff.
import { readFile, writeFile } from 'node:fs/promises';

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

const COLUMNS = {
  ID: null, // upstream's row id: not needed here
  Platform: 'platform',
  Category: 'category',
  'Cookie / Data Key name': 'name',
  Domain: 'domain',
  Description: 'description',
  'Retention period': 'retention',
  'Data Controller': 'controller',
  'User Privacy & GDPR Rights Portals': 'privacy',
  'Wildcard match': 'wildcard',
};

/** The database's rows as entries with the keys of COLUMNS. */
export function convert(csvText) {
  const [header, ...rows] = parseCsv(csvText.replace(/^\uFEFF/, ''));
  const keys = header.map((h) => COLUMNS[h.trim()]);
  const missing = Object.values(COLUMNS).filter((k) => k && !keys.includes(k));
  if (missing.length) throw new Error(`open-cookie-database.csv: no column for ${missing.join(', ')}`);
  return rows.map((cells, line) => {
    const entry = {};
    keys.forEach((k, i) => k && (entry[k] = (cells[i] ?? '').trim()));
    if (entry.wildcard !== '0' && entry.wildcard !== '1') {
      throw new Error(`open-cookie-database.csv row ${line + 2}: wildcard is ${JSON.stringify(entry.wildcard)}`);
    }
    entry.wildcard = entry.wildcard === '1';
    return entry;
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [csvPath, revision = 'commit 0ee5a17, 2026-01-21'] = process.argv.slice(2);
  if (!csvPath) {
    console.error('usage: node scripts/cookie-database.mjs open-cookie-database.csv [revision]');
    process.exit(2);
  }
  const cookies = convert(await readFile(csvPath, 'utf8'));
  const head = {
    about:
      'The Open Cookie Database: known cookies and storage keys with platform, category (Functional, Personalization, Analytics, Marketing, Security, Necessary), purpose, retention and controller. wildcard: the name is a prefix (_ga_ matches _ga_ABC123). Converted from upstream CSV by scripts/cookie-database.mjs; do not edit by hand.',
    source: `https://github.com/jkwakman/Open-Cookie-Database (open-cookie-database.csv, ${revision})`,
    license: 'Apache-2.0, see LICENSE and NOTICE in this folder',
  };
  const lines = cookies.map((c) => '    ' + JSON.stringify(c));
  const text = JSON.stringify(head, null, 2).replace(/\n}$/, `,\n  "cookies": [\n${lines.join(',\n')}\n  ]\n}\n`);
  JSON.parse(text);
  await writeFile(new URL('../data/open-cookie-database/cookies.json', import.meta.url), text);
  console.log(`data/open-cookie-database/cookies.json: ${cookies.length} entries`);
}
