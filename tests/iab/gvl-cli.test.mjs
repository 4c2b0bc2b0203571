// `consentry gvl` (bin/consentry.mjs -> cli/gvl.mjs) and the Rust reader of
// what it writes (VendorList in pkg/consentry-tcf.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModule } from './load.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = join(root, 'tests/fixtures/tcf');
const VENDORS = '45,61,77,83,93,100,124,131,133,227,323,368,517,626,676,726,730,748,755,848,885,909,966,1091';
const tmp = mkdtempSync(join(tmpdir(), 'consentry-gvl-'));
const tcf = await loadModule('tcf');

function consentry(...args) {
  const run = spawnSync(process.execPath, [join(root, 'bin/consentry.mjs'), ...args], { encoding: 'utf8', cwd: root });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

const trim = (out, ...more) =>
  consentry('gvl', '--in', join(fixtures, 'vendor-list-v2.2.json'), '--vendors', VENDORS, '--out', out, ...more);

test('the CLI reproduces the committed fixture, byte for byte', () => {
  const out = join(tmp, 'gvl.json');
  const run = trim(out, '--purposes', join(fixtures, 'purposes-de.json'), '--purposes', join(fixtures, 'purposes-fr.json'));
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /24 vendors, 11 purposes, \d+ stacks, languages en de fr \(vendorListVersion 7\)/);
  assert.equal(readFileSync(out, 'utf8'), readFileSync(join(fixtures, 'gvl-24-vendors.json'), 'utf8'));
});

test('the trimmed list keeps only what the vendors use, with ids unchanged', () => {
  const full = JSON.parse(readFileSync(join(fixtures, 'vendor-list-v2.2.json'), 'utf8'));
  const gvl = JSON.parse(readFileSync(join(fixtures, 'gvl-24-vendors.json'), 'utf8'));
  const vendors = Object.values(gvl.vendors);
  assert.deepEqual(Object.keys(gvl.vendors).map(Number), VENDORS.split(',').map(Number));
  for (const v of vendors) assert.deepEqual(v, full.vendors[v.id]);
  const used = (...keys) => new Set(vendors.flatMap((v) => keys.flatMap((k) => v[k] ?? [])));
  assert.deepEqual(new Set(Object.keys(gvl.purposes).map(Number)), used('purposes', 'legIntPurposes', 'flexiblePurposes'));
  assert.deepEqual(new Set(Object.keys(gvl.specialFeatures).map(Number)), used('specialFeatures'));
  assert.deepEqual(new Set(Object.keys(gvl.dataCategories).map(Number)), used('dataDeclaration'));
  for (const s of Object.values(gvl.stacks)) {
    assert.deepEqual(s, full.stacks[s.id]);
    for (const p of s.purposes) assert.ok(gvl.purposes[p], `stack ${s.id}: purpose ${p}`);
  }
  assert.deepEqual(Object.keys(gvl.translations), ['de', 'fr']);
  assert.equal(gvl.translations.de.purposes[1].name, 'Informationen auf einem Gerät speichern und/oder abrufen');
});

test('clear errors, exit code 2', () => {
  const deleted = join(tmp, 'deleted.json');
  const list = JSON.parse(readFileSync(join(fixtures, 'vendor-list-v2.2.json'), 'utf8'));
  list.vendors[755].deletedDate = '2026-01-01T00:00:00Z';
  writeFileSync(deleted, JSON.stringify(list));
  writeFileSync(join(tmp, 'bad.json'), '{"vendors":');
  const cases = [
    [['gvl', '--in', join(fixtures, 'vendor-list-v2.2.json'), '--vendors', '755,793', '--out', join(tmp, 'x.json')], /vendor 793 is not in/],
    [['gvl', '--in', deleted, '--vendors', '755', '--out', join(tmp, 'x.json')], /vendor 755 \(Google Advertising Products\) was deleted/],
    [['gvl', '--in', join(tmp, 'bad.json'), '--vendors', '755', '--out', join(tmp, 'x.json')], /is not JSON/],
    [['gvl', '--in', join(tmp, 'none.json'), '--vendors', '755', '--out', join(tmp, 'x.json')], /cannot read vendor list .*ENOENT/],
    [['gvl', '--in', join(fixtures, 'purposes-de.json'), '--vendors', '755', '--out', join(tmp, 'x.json')], /is not a Global Vendor List/],
    [['gvl', '--in', join(fixtures, 'vendor-list-v2.2.json'), '--vendors', '755,x', '--out', join(tmp, 'x.json')], /--vendors wants vendor ids/],
    [['gvl', '--vendors', '755', '--out', join(tmp, 'x.json')], /--in is required/],
    [['gvl', '--in', join(fixtures, 'vendor-list-v2.2.json'), '--vendors', '755', '--out', join(tmp, 'x.json'), '--purposes', join(fixtures, 'LICENSE')], /cannot tell the language/],
    [['gvl', '--bogus'], /unknown option "--bogus"/],
    [['nope'], /unknown command "nope"/],
  ];
  for (const [args, message] of cases) {
    const run = consentry(...args);
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.err, message);
  }
  assert.equal(consentry('gvl', '--help').code, 0);
  assert.match(consentry('--help').out, /gvl +trim the IAB Global Vendor List/);
});

test('the Rust reader takes the trimmed list and refuses unknown, deleted and newer', () => {
  const list = new tcf.VendorList(readFileSync(join(fixtures, 'gvl-24-vendors.json'), 'utf8'));
  assert.equal(list.vendorListVersion, 7);
  assert.equal(list.tcfPolicyVersion, 4);
  list.checkVendors(VENDORS.split(',').map(Number));
  assert.throws(() => list.checkVendors([755, 793]), { code: 'iab.unknown-vendor', message: /793$/ });
  const deleted = JSON.parse(readFileSync(join(fixtures, 'gvl-24-vendors.json'), 'utf8'));
  deleted.vendors[755].deletedDate = '2026-01-01T00:00:00Z';
  assert.throws(() => new tcf.VendorList(JSON.stringify(deleted)).checkVendors([755]), { code: 'iab.deleted-vendor' });
  const model = { consentLanguage: 'EN', publisherCountryCode: 'DE', cmpId: 300, vendorListVersion: 7, policyVersion: 5, isServiceSpecific: true, vendorConsents: [755], vendorsDisclosed: [755] };
  list.checkString(tcf.encode(model));
  assert.throws(() => list.checkString(tcf.encode({ ...model, vendorListVersion: 8 })), { code: 'iab.gvl-older' });
  assert.throws(() => list.checkString(tcf.encode({ ...model, vendorConsents: [793] })), { code: 'iab.unknown-vendor' });
  assert.throws(() => new tcf.VendorList('{"vendors": 1}'), { code: 'iab.gvl' });
  assert.throws(() => new tcf.VendorList('nope'), { code: 'iab.json' });
});
