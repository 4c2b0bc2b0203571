// `consentry gvl`: trims the IAB's Global Vendor List to a site's vendors,
// the purposes, special purposes, features, special features, stacks and
// data categories they use (ids unchanged), and the languages asked for.
// The site serves the result from its own origin (`tcf.gvl` in the config);
// browsers never fetch the IAB's list.
//
// Errors (a bad or missing flag, an unreadable list, an unknown or deleted
// vendor) are one line on stderr and exit code 2.
import { writeFile } from 'node:fs/promises';
import { readJson, runCommand, UsageError } from './command.mjs';
import { basename } from 'node:path';

const HELP = `usage: consentry gvl --in vendor-list.json --vendors 755,793 --out gvl.json [--purposes purposes-de.json ...]

  --in FILE         the IAB's vendor-list.json (GVL v3)
  --vendors IDS     the site's TCF vendor ids, comma-separated
  --out FILE        where to write the trimmed list
  --purposes FILE   a translation, named purposes-<lang>.json (repeatable)
  --help            this text
`;

function parseArgs(args) {
  const options = { purposes: [] };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === '--help' || flag === '-h') return { help: true };
    const key = { '--in': 'in', '--out': 'out', '--vendors': 'vendors', '--purposes': 'purposes' }[flag];
    if (!key) throw new UsageError(`unknown option "${flag}" (see --help)`);
    const value = args[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    if (key === 'purposes') options.purposes.push(value);
    else if (options[key] !== undefined) throw new UsageError(`${flag} given twice`);
    else options[key] = value;
  }
  for (const flag of ['in', 'vendors', 'out']) {
    if (options[flag] === undefined) throw new UsageError(`--${flag} is required (see --help)`);
  }
  return options;
}

function vendorIds(text) {
  const ids = text.split(',').map((s) => s.trim());
  if (ids.some((s) => !/^[1-9][0-9]{0,4}$/.test(s) || Number(s) > 65535)) {
    throw new UsageError(`--vendors wants vendor ids (1-65535) separated by commas, not "${text}"`);
  }
  return [...new Set(ids.map(Number))].sort((a, b) => a - b);
}

const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkList(list, file) {
  if (!isMap(list) || !isMap(list.vendors) || !isMap(list.purposes)) {
    throw new UsageError(`${file} is not a Global Vendor List (no "vendors" and "purposes" objects)`);
  }
  for (const key of ['vendorListVersion', 'tcfPolicyVersion', 'gvlSpecificationVersion']) {
    if (!Number.isInteger(list[key])) throw new UsageError(`${file} is not a Global Vendor List (no integer "${key}")`);
  }
}

/** The entries of an id-keyed map whose ids are in `keep`, in id order. */
function pick(map, keep) {
  const out = {};
  for (const id of [...keep].sort((a, b) => a - b)) if (isMap(map) && map[id]) out[id] = map[id];
  return out;
}

/** The ids of `map` that the vendors use, and the stacks made only of them. */
function usedIds(list, vendors) {
  const union = (...keys) => new Set(vendors.flatMap((v) => keys.flatMap((k) => v[k] ?? [])));
  const used = {
    purposes: union('purposes', 'legIntPurposes', 'flexiblePurposes'),
    specialPurposes: union('specialPurposes'),
    features: union('features'),
    specialFeatures: union('specialFeatures'),
    dataCategories: union('dataDeclaration'),
  };
  used.stacks = new Set(
    Object.values(list.stacks ?? {})
      .filter((s) => s.purposes.length + s.specialFeatures.length > 0)
      .filter((s) => s.purposes.every((p) => used.purposes.has(p)) && s.specialFeatures.every((f) => used.specialFeatures.has(f)))
      .map((s) => s.id),
  );
  return used;
}

function language(file) {
  const found = /^purposes-([a-z]{2,3}(?:-[a-z]{2,4})?)\.json$/i.exec(basename(file));
  if (!found) throw new UsageError(`cannot tell the language of ${file}: name it purposes-<lang>.json (e.g. purposes-de.json)`);
  return found[1].toLowerCase();
}

export async function trim(options) {
  const list = await readJson(options.in, 'vendor list');
  checkList(list, options.in);
  const ids = vendorIds(options.vendors);
  const vendors = ids.map((id) => {
    const v = list.vendors[id];
    if (!isMap(v)) throw new UsageError(`vendor ${id} is not in ${options.in} (vendorListVersion ${list.vendorListVersion})`);
    if (v.deletedDate) throw new UsageError(`vendor ${id} (${v.name}) was deleted from the list on ${v.deletedDate}`);
    return v;
  });
  const used = usedIds(list, vendors);
  const sections = Object.keys(used);
  const out = {
    gvlSpecificationVersion: list.gvlSpecificationVersion,
    vendorListVersion: list.vendorListVersion,
    tcfPolicyVersion: list.tcfPolicyVersion,
    lastUpdated: list.lastUpdated,
  };
  for (const key of ['purposes', 'specialPurposes', 'features', 'specialFeatures', 'stacks', 'dataCategories']) {
    out[key] = pick(list[key], used[key]);
  }
  out.vendors = Object.fromEntries(vendors.map((v) => [v.id, v]));
  if (options.purposes.length) {
    out.translations = {};
    for (const file of options.purposes) {
      const lang = language(file);
      const t = await readJson(file, 'translation');
      if (!isMap(t) || !isMap(t.purposes)) throw new UsageError(`translation ${file} has no "purposes" object`);
      out.translations[lang] = Object.fromEntries(sections.filter((k) => isMap(t[k])).map((k) => [k, pick(t[k], used[k])]));
    }
  }
  return out;
}

export function run(args) {
  return runCommand('gvl', HELP, parseArgs, args, async (options) => {
    const out = await trim(options);
    await writeFile(options.out, JSON.stringify(out, null, 2) + '\n').catch((e) => {
      throw new UsageError(`cannot write ${options.out}: ${e.code ?? e.message}`);
    });
    const count = (k) => Object.keys(out[k]).length;
    const langs = Object.keys(out.translations ?? {});
    process.stdout.write(
      `${options.out}: ${count('vendors')} vendors, ${count('purposes')} purposes, ${count('stacks')} stacks` +
        `${langs.length ? `, languages en ${langs.join(' ')}` : ''} (vendorListVersion ${out.vendorListVersion})\n`,
    );
    return 0;
  });
}
