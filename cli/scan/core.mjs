// The core, for the scanner: consentry/server (the same Rust core as the
// page's, built with the server's exports), loaded once in Node. Every
// question the scanner asks of Consentry's rules goes through here: which
// category a URL needs (the stub's and the core's matcher), which cookie
// names a pattern covers (the rule withdrawal deletes by), and whether a
// config is valid (the core's own reader).
import { existsSync } from 'node:fs';

// In the package: pkg/cli/scan/ -> pkg/server.js. In a clone of the
// repository: cli/scan/ -> pkg/server.js (after npm run build).
const CANDIDATES = ['../../server.js', '../../pkg/server.js'].map((p) => new URL(p, import.meta.url));
const found = CANDIDATES.find((url) => existsSync(url));
if (!found) {
  throw new Error('consentry scan: the built core is missing (pkg/server.js); run `npm run build` first');
}

/** consentry/server: checkConfig, categoryFor, cookieMatches, ... */
export const server = await import(found.href);
