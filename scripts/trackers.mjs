// data/trackers.json → the stub's compact tracker table.
//
// data/trackers.json is the one source: the core compiles it in
// (src/core/trackers.rs, include_str!) and scripts/package.mjs calls
// stubTable() to inline this table into pkg/consentry-stub.js in place of
// the `__TRACKERS__` token of js/stub.js. The table groups keys by
// category, space-separated: {"analytics":"www.googletagmanager.com …", …}.
// Keys are checked with the core's rule (is_valid_host_key), so a bad entry
// fails the build instead of silently never matching.
import { readFile } from 'node:fs/promises';

const LABEL = '[a-z0-9-]{1,63}';
const HOST = `${LABEL}(?:\\.${LABEL})*`;
const KEY = new RegExp(`^(?:\\*\\.${LABEL}(?:\\.${LABEL})+|${HOST}(?:/[!-~]+)?)$`);
const CATEGORY = /^[a-zA-Z][a-zA-Z0-9_-]{0,39}$/;

/** The `hosts` object of data/trackers.json, checked. */
export async function trackerHosts() {
  const data = JSON.parse(await readFile(new URL('../data/trackers.json', import.meta.url), 'utf8'));
  const hosts = data.hosts;
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

/** The stub's table as JS source text: category → space-separated keys. */
export async function stubTable() {
  const grouped = {};
  for (const [key, category] of Object.entries(await trackerHosts())) {
    grouped[category] = grouped[category] ? `${grouped[category]} ${key}` : key;
  }
  return JSON.stringify(grouped);
}
