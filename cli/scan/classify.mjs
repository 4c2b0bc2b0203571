// Host classification: the ONE place the scanner asks "which category must a
// visitor grant before this URL may load?". It asks the core itself, through
// consentry/server (cli/scan/core.mjs) with the site's config, so the answer
// is the core's matcher over data/trackers.json plus the config's
// blocking.hosts and blocking.unknown — the same answer the stub and the core
// give on the page.
import { server } from './core.mjs';

/**
 * A config text checked by the core, for a site on `pageHost` (throws the
 * core's own message, such as `Consentry: invalid config ...`, when it is
 * invalid). Returns { session: {config, pageHost}, warnings }.
 */
export async function startCore(configText, pageHost = 'scan.invalid') {
  const warnings = server.checkConfig(configText);
  return { session: { config: configText, pageHost }, warnings };
}

/** The category the core gives `url` under a checked config (see startCore), or undefined. */
export function categoryOf(session, url) {
  return server.categoryFor(session.config, url, { host: session.pageHost }) ?? undefined;
}

/** The config the scanner classifies with when the site's own is missing or invalid. */
const FALLBACK = JSON.stringify({
  categories: { necessary: { required: true }, preferences: {}, analytics: {}, marketing: {}, embeds: {} },
});

/**
 * `(url) => category | undefined`: the category a URL needs under `configText`
 * on the site `pageHost` (tracker table, blocking.hosts, blocking.unknown), or
 * undefined for no known tracker. An invalid config falls back to the table
 * alone (`fellBack: true`).
 */
export async function hostClassifier(configText, pageHost) {
  let started;
  let fellBack = false;
  try {
    started = await startCore(configText || FALLBACK, pageHost);
  } catch {
    started = await startCore(FALLBACK, pageHost);
    fellBack = Boolean(configText);
  }
  const classify = (url) => categoryOf(started.session, url);
  classify.fellBack = fellBack;
  return classify;
}
