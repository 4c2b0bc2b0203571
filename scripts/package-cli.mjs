// What `consentry scan` needs in pkg/ besides bin/ and cli/ (which
// scripts/package.mjs copies): the data it reads (data/open-cookie-database/,
// data/services.json), checked first. It runs the core's own rules through
// consentry/server (pkg/server.js, cli/scan/core.mjs).
import { copyFile, mkdir } from 'node:fs/promises';
import { checkCatalogue } from '../cli/scan/catalogue.mjs';

const root = new URL('../', import.meta.url);

/** Copies the glue and the data into `pkg` (a URL ending in /); throws on a bad catalogue. */
export async function shipCli(pkg) {
  await mkdir(new URL('cli/', pkg), { recursive: true });
  await mkdir(new URL('data/open-cookie-database/', pkg), { recursive: true });
  for (const f of ['LICENSE', 'NOTICE', 'cookies.json']) {
    await copyFile(new URL(`data/open-cookie-database/${f}`, root), new URL(`data/open-cookie-database/${f}`, pkg));
  }
  await copyFile(new URL('data/services.json', root), new URL('data/services.json', pkg));
  const problems = await checkCatalogue();
  if (problems.length) throw new Error(problems.join('\n'));
}
