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
function jar() {
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
      warnOnce('Consentry: the browser refused to store cookies; the choice holds for this page view');
    }
  }
}

/**
 * Deletes the localStorage and sessionStorage keys and the IndexedDB
 * databases the current choice withdraws: the page lists what it holds, the
 * core says what its denied categories and services declare (by the cookie
 * rule). A database a script still holds open goes once it is closed.
 */
export function clearStorage(core) {
  try {
    // The core's area numbers: 1 localStorage, 2 sessionStorage, 3 IndexedDB.
    [localStorage, sessionStorage].forEach((store, i) => {
      const keys = [];
      for (let k = 0; k < store.length; k++) keys.push(store.key(k));
      for (const key of keys) if (core.withdraws(i + 1, key)) store.removeItem(key);
    });
    // indexedDB.databases(): Chrome 71, Safari 14, Firefox 126.
    indexedDB.databases().then(
      (list) => {
        for (const db of list) if (core.withdraws(3, db.name)) indexedDB.deleteDatabase(db.name);
      },
      () => {},
    );
  } catch {
    // Storage blocked (a sandboxed frame, the visitor's settings): nothing to delete.
  }
}
