// What each part of the stub costs: the minified stub (as scripts/package.mjs
// makes it) without that part, against the whole, in gzip -9 bytes. A part
// runs from one anchor in js/stub.js to the next; the minifier drops the
// helpers only that part used. `node scripts/stub-parts.mjs`
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { minify } from 'terser';
import { stubTable } from './trackers.mjs';

const source = await readFile(new URL('../js/stub.js', import.meta.url), 'utf8');
// As scripts/package.mjs inlines it: a string literal of the JSON text.
const table = JSON.stringify(await stubTable());
const OPTIONS = { ecma: 5, compress: { passes: 2 }, mangle: true, format: { comments: false } };

async function gzip(text, tableText = table) {
  const { code } = await minify(text.replaceAll('__TRACKERS__', tableText), OPTIONS);
  return gzipSync(code, { level: 9 }).length;
}

/** [part, first anchor, the anchor after it] */
const PARTS = [
  ['URL properties of elements', "  'Script:src Image", '  var SEL ='],
  ['attribute APIs', '  // Attribute APIs.', '  // HTML strings.'],
  ['HTML strings (template parsing, rewriting)', '  // HTML strings.', '  // Insertion.'],
  ['insertion methods', '  // Insertion.', '  // Scripts the parser inserts'],
  ['parser-inserted scripts (MutationObserver)', '  // Scripts the parser inserts', '  // Requests.'],
  ['fetch', '  // Requests.', '  // A beacon waits'],
  ['sendBeacon', '  // A beacon waits', '  var X = XMLHttpRequest.prototype;'],
  ['XMLHttpRequest', '  var X = XMLHttpRequest.prototype;', '  // What connects'],
  ['WebSocket, EventSource, fetchLater', '  // What connects', '  function decide(g)'],
];

const whole = await gzip(source);
const rows = [['tracker table', whole - (await gzip(source, '"{}"'))]];
for (const [name, from, to] of PARTS) {
  const i = source.indexOf(from);
  const j = source.indexOf(to, i + 1);
  if (i < 0 || j < 0) throw new Error(`js/stub.js: the anchors of "${name}" moved`);
  rows.push([name, whole - (await gzip(source.slice(0, i) + source.slice(j)))]);
}
const parts = rows.reduce((sum, [, bytes]) => sum + bytes, 0);
rows.push(['the rest (matcher, hold queue, interface)', whole - parts]);
for (const [name, bytes] of rows) console.log(`${name.padEnd(44)} ${String(bytes).padStart(5)}`);
console.log(`${'the stub'.padEnd(44)} ${String(whole).padStart(5)} B gzip -9`);
