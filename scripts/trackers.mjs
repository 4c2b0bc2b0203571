// data/trackers.json → the stub's compact tracker table.
//
// data/trackers.json is the one source: scripts/package.mjs calls
// stubTable() to inline this table into pkg/consentry-stub.js in place of
// the `__TRACKERS__` token of js/stub.js, and the stub hands the same text
// to the page's core at start (src/core/trackers.rs, parse_table); build.rs
// makes the same form for the core's native builds and tests. The table
// groups keys by category, space-separated: {"analytics":"www.googletagmanager.com …", …}.
// Keys are checked with the core's rule (is_valid_host_key), so a bad entry
// fails the build instead of silently never matching.
import { readFile } from 'node:fs/promises';

const LABEL = '[a-z0-9-]{1,63}';
const HOST = `${LABEL}(?:\\.${LABEL})*`;
const KEY = new RegExp(`^(?:\\*\\.${LABEL}(?:\\.${LABEL})+|${HOST}(?:/[!-~]+)?)$`);
const CATEGORY = /^[a-zA-Z][a-zA-Z0-9_-]{0,39}$/;

/** The least number of vendors the table covers (issue 13). */
export const MIN_VENDORS = 60;

/** The `hosts` object of data/trackers.json, checked (with its `sources`). */
export async function trackerHosts() {
  const data = JSON.parse(await readFile(new URL('../data/trackers.json', import.meta.url), 'utf8'));
  const hosts = data.hosts;
  checkSources(hosts, data.sources);
  for (const [key, category] of Object.entries(hosts)) {
    const path = key.includes('/') ? key.slice(key.indexOf('/') + 1) : '';
    const badPath = path && (path.split('/').some((s) => !s) || /[?#\\]/.test(path));
    if (!KEY.test(key) || badPath || key.split('/')[0].length > 253) {
      throw new Error(`data/trackers.json: "${key}" is not a host, *.host or host/path key`);
    }
    if (typeof category !== 'string' || !CATEGORY.test(category)) {
      throw new Error(`data/trackers.json: "${key}" maps to ${JSON.stringify(category)}, not a category key`);
    }
  }
  return hosts;
}

/**
 * Every key belongs to exactly one vendor of `sources`, each with the
 * documentation URL its hosts come from; at least MIN_VENDORS vendors.
 */
function checkSources(hosts, sources) {
  const owner = {};
  for (const [vendor, { doc, hosts: keys }] of Object.entries(sources || {})) {
    if (!/^https:\/\/[^\s]+$/.test(doc || '')) throw new Error(`data/trackers.json: sources.${vendor} has no https doc URL`);
    for (const key of keys || []) {
      if (owner[key]) throw new Error(`data/trackers.json: "${key}" is listed by ${owner[key]} and ${vendor}`);
      if (!(key in hosts)) throw new Error(`data/trackers.json: sources.${vendor} lists "${key}", which hosts lacks`);
      owner[key] = vendor;
    }
  }
  for (const key of Object.keys(hosts)) {
    if (!owner[key]) throw new Error(`data/trackers.json: "${key}" belongs to no vendor of sources`);
  }
  const vendors = Object.keys(sources || {}).length;
  if (vendors < MIN_VENDORS) throw new Error(`data/trackers.json: ${vendors} vendors, fewer than ${MIN_VENDORS}`);
}

/**
 * The stub's table as JS source text: category → space-separated keys, a
 * wildcard `*.host` written `.host` (the stub probes `'.' + host`).
 */
export async function stubTable() {
  const grouped = {};
  for (const [wild, category] of Object.entries(await trackerHosts())) {
    const key = wild.replace(/^\*/, '');
    grouped[category] = grouped[category] ? `${grouped[category]} ${key}` : key;
  }
  return JSON.stringify(grouped);
}
