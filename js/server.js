// consentry/server in Node (>= 18; also Deno and Bun): loads the core from
// the wasm file next to this module at import, so every function is ready
// and synchronous. Edge runtimes get server-edge.js (package.json's
// `exports` conditions), where `await loadCore()` comes first.
import { readFileSync } from 'node:fs';
import { loadCoreSync } from './server-edge.js';

loadCoreSync(readFileSync(new URL('./consentry_server_bg.wasm', import.meta.url)));

export {
  loadCore,
  readConsent,
  hasConsent,
  resetCookies,
  checkConfig,
  categoryFor,
  cookieMatches,
} from './server-edge.js';
