// What the core needs from the page, and the console messages the shell
// writes. Everything the wasm core knows about the page comes from here.

/**
 * `{host, path, https, lang, languages, gpc, trackers}` for `Setup.read`;
 * `trackers` is the tracker table's text the stub handed over (undefined
 * without a stub).
 */
export function pageFacts(trackers) {
  return {
    trackers,
    host: location.hostname,
    path: location.pathname,
    https: location.protocol === 'https:',
    lang: document.documentElement.getAttribute('lang') ?? undefined,
    languages: Array.from(navigator.languages || []),
    gpc: navigator.globalPrivacyControl === true,
  };
}

/** The cookie jar as `document.cookie` reads it now ('' where cookies are blocked). */
export function jar() {
  try {
    return document.cookie;
  } catch {
    return ''; // cookies blocked (sandboxed frame): nothing stored
  }
}

/** `{jar, now, id}`: the moment of a change, for the core's `load`, `decide` and `refresh`. */
export function moment() {
  return { jar: jar(), now: Date.now(), id: crypto.getRandomValues(new Uint8Array(12)) };
}

/**
 * Developer messages (js/diagnostics.js: the texts, the DOM audit, "did
 * you mean") are a chunk fetched only when a cheap check here found
 * something, so a correct site's visitors never load it: runs its check
 * `what` with `facts`. If the chunk cannot be fetched, the bare facts.
 * Resolves once done.
 */
export function diagnose(what, facts) {
  return import('./diagnostics.js').then(
    (chunk) => chunk.diagnose(what, facts),
    () => console.warn('Consentry:', what, facts),
  );
}

const warned = new Set();

/** `console.warn(message)`, once per page for each message. */
export function warnOnce(message) {
  if (!warned.has(message)) {
    warned.add(message);
    console.warn(message);
  }
}

/** One console error for a failure (its message, without the stack). */
export function report(error) {
  console.error(error && error.message ? error.message : error);
}

/** Writes the cookie strings of a change; a refused cookie still holds for this page view. */
export function writeCookies(cookies) {
  for (let i = 0; i < cookies.length; i++) {
    try {
      document.cookie = cookies[i];
    } catch {
      diagnose('cookies');
    }
  }
}
