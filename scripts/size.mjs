// Prints raw and gzip -9 sizes of what a first visit loads, and fails when
// the stub exceeds its budget. (The whole-payload budget is issue 7's.)
import { readFile } from 'node:fs/promises';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const STUB_BUDGET = 2000;
const files = ['consentry-stub.js', 'consentry.js', 'consentry_core_bg.wasm'];
let total = 0;
let failed = false;
console.log('file                       raw     gzip-9   brotli');
for (const f of files) {
  const bytes = await readFile(new URL(`../pkg/${f}`, import.meta.url));
  const gz = gzipSync(bytes, { level: 9 }).length;
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  total += gz;
  console.log(`${f.padEnd(24)} ${String(bytes.length).padStart(7)} ${String(gz).padStart(9)} ${String(br).padStart(8)}`);
  if (f === 'consentry-stub.js' && gz > STUB_BUDGET) {
    console.error(`size: the stub is ${gz} bytes gzipped, over its ${STUB_BUDGET}-byte budget`);
    failed = true;
  }
}
console.log(`${'total (gzip-9)'.padEnd(24)} ${''.padStart(7)} ${String(total).padStart(9)}`);
process.exitCode = failed ? 1 : 0;
