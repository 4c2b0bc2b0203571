// `consentry services`: expands the known services a config names into
// full declarations, ahead of time. `"services": { "google-analytics": {} }`
// becomes the service's title, its cookies (name or pattern, provider,
// purpose, duration), its web storage (localStorage, sessionStorage,
// indexedDB), and its hosts under `blocking.hosts` as the category it is
// declared in, all from data/services.json; whatever the site wrote itself
// wins (a field of the service, a `blocking.hosts` entry). Keys the
// catalogue does not know stay as they are, with a "did you mean" warning
// when one is close to a known key. The page's core does not carry the
// catalogue: the expanded config is what the site serves (docs/services.md
// says why this is done ahead of time).
//
// expandServices() is the rule, also for build scripts (`import {
// expandServices } from 'consentry/services'`, js/services.d.ts); run() is
// the command. Errors are one line on stderr and exit code 2; a config the
// core rejects after expansion exits 1. This module loads nothing at import
// but the catalogue when asked: the core (for the final check) only in run().
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { readJson, runCommand, UsageError } from './command.mjs';

const HELP = `usage: consentry services <config.json> [--out file]
       consentry services --list

  <config.json>   a Consentry config ("-" reads stdin); prints it expanded
  --out FILE      write the expanded config there instead of stdout
  --list          the known services: key, default category, title
  --help          this text

Each service a category names by a known key ("google-analytics": {}) gets the
catalogue's title, cookies, storage and hosts (blocking.hosts, as that
category); fields the config gives itself are kept. Warnings go to stderr.
`;

// In the package: pkg/cli/ -> pkg/data/; in the repository: cli/ -> data/.
export const CATALOGUE_FILE = new URL('../data/services.json', import.meta.url);
/** A catalogue storage entry's `type`: also the config option it goes under. */
export const STORAGE_TYPES = ['localStorage', 'sessionStorage', 'indexedDB'];

/** The catalogue's `services` object. */
export function loadCatalogue(file = CATALOGUE_FILE) {
  return JSON.parse(readFileSync(file, 'utf8')).services;
}

/** A catalogue entry as a config service declaration: title, cookies, web storage. */
export function declaration(entry) {
  const declared = (item) => {
    const out = { name: item.name, provider: entry.provider, purpose: item.purpose };
    if (item.duration) out.duration = item.duration;
    return out;
  };
  const service = { title: entry.title, cookies: entry.cookies.map(declared) };
  for (const item of entry.storage || []) (service[item.type] ??= []).push(declared(item));
  return service;
}

/** Edit distance with adjacent swaps (optimal string alignment). */
function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known key `key` is probably a typo of, if any: the same key in
 * another case or with `_` for `-`, else the nearest within one edit
 * (two for keys of ten characters or more).
 */
export function didYouMean(key, known) {
  const normal = key.toLowerCase().replaceAll('_', '-');
  if (known.includes(normal)) return normal;
  let best;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(normal, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= (best && best.length >= 10 ? 2 : 1) ? best : undefined;
}

const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * `config` with every catalogue service it names expanded (a new object;
 * `config` is not changed), and the warnings, as `path: message` lines.
 */
export function expandServices(config, catalogue = loadCatalogue()) {
  const out = structuredClone(config);
  const warnings = [];
  const known = Object.keys(catalogue);
  const hosts = {};
  for (const [categoryKey, category] of Object.entries(isMap(out.categories) ? out.categories : {})) {
    if (!isMap(category) || !isMap(category.services)) continue;
    for (const [key, site] of Object.entries(category.services)) {
      const at = `categories.${categoryKey}.services.${key}`;
      const entry = Object.hasOwn(catalogue, key) ? catalogue[key] : undefined;
      if (!entry) {
        const guess = didYouMean(key, known);
        if (guess) warnings.push(`${at}: not a known service (declared as written); did you mean "${guess}"?`);
        continue;
      }
      if (!isMap(site)) continue; // the core's reader reports it
      category.services[key] = { ...declaration(entry), ...site };
      for (const host of entry.hosts) hosts[host] ??= categoryKey;
      if (category.required === true && entry.category !== 'necessary') {
        warnings.push(
          `${at}: the catalogue files ${entry.title} under ${entry.category}, not as strictly necessary: in a required category it runs without consent`,
        );
      }
    }
  }
  if (Object.keys(hosts).length) {
    out.blocking = isMap(out.blocking) ? out.blocking : {};
    out.blocking.hosts = { ...hosts, ...(isMap(out.blocking.hosts) ? out.blocking.hosts : {}) };
  }
  return { config: out, warnings };
}

function parseArgs(args) {
  const options = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--list') options.list = true;
    else if (arg === '--out') {
      options.out = args[++i];
      if (options.out === undefined || options.out.startsWith('--')) throw new UsageError('--out needs a file');
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option "${arg}" (see --help)`);
    else if (options.file !== undefined) throw new UsageError('one config file at a time');
    else options.file = arg;
  }
  if (!options.list && options.file === undefined) throw new UsageError('a config file is required (see --help)');
  return options;
}

/** `consentry services …`: resolves to the exit code. */
export function run(args) {
  return runCommand('services', HELP, parseArgs, args, async (options) => {
    const catalogue = loadCatalogue();
    if (options.list) {
      const rows = Object.entries(catalogue).map(([key, s]) => `${key.padEnd(30)} ${s.category.padEnd(12)} ${s.title}`);
      process.stdout.write(rows.join('\n') + '\n');
      return 0;
    }
    const { config, warnings } = expandServices(await readJson(options.file), catalogue);
    // The core's own reader has the last word on the result.
    const { server } = await import('./scan/core.mjs');
    let invalid;
    try {
      warnings.push(...server.checkConfig(JSON.stringify(config)));
    } catch (e) {
      invalid = e.message;
    }
    for (const line of warnings) process.stderr.write(`consentry services: warning: ${line}\n`);
    if (invalid) {
      // The core's message: a first line, then "  - path: problem" lines.
      const problems = invalid.split('\n').filter((line) => line.startsWith('  - '));
      process.stderr.write(`consentry services: the expanded config is invalid:\n${problems.join('\n')}\n`);
      return 1;
    }
    const text = JSON.stringify(config, null, 2) + '\n';
    if (options.out) await writeFile(options.out, text);
    else process.stdout.write(text);
    return 0;
  });
}
