// The note of the last decision, for the next page's fast path
// (js/fast.js, docs/fast-path.md): a chunk of its own, loaded after a
// change, so a first visit before its choice never fetches it.
//
// `{n, v, t, g}`: the consent cookie's name and its value after the
// change (what the change wrote, else what the core read), the
// config text followed by the GPC signal, and the categories granted for
// them. Written only where the decision depends on nothing else: not for
// regions (the region comes from the page) or TCF sites, and not without a
// record or a cookie (the note is never a record of its own).

const KEY = 'consentry';

/** The value of the first cookie named `name` in `jar` (a `document.cookie` string), as the core reads it, or undefined. */
function cookieValue(jar, name) {
  for (const pair of jar.split(';')) {
    const trimmed = pair.trimStart();
    const eq = trimmed.indexOf('=');
    if (eq >= 0 && trimmed.slice(0, eq) === name) return trimmed.slice(eq + 1);
  }
  return undefined;
}

/**
 * The consent cookie's value after a change: the one the change wrote
 * (`written`: its cookie strings), else the one in `jar`, the cookies the
 * core made the change from. Not read back from document.cookie: a read
 * right after a write waits for the browser's cookie store (4–21 ms
 * measured in the click's task), and the fast path compares the value with
 * the jar anyway (a cookie the browser refused only turns it off).
 */
function valueAfter(name, written, jar) {
  for (const cookie of written) {
    const value = cookieValue(cookie.split(';')[0], name);
    if (value) return value; // (empty: a deletion; the consent cookie's value never is)
  }
  return cookieValue(jar, name);
}

/**
 * Keeps the note in step with a change: `record` and `granted` (its granted
 * categories) as the change left them, `written` the cookie strings it
 * wrote and `jar` the cookies it was made from (no record: the note goes).
 * Storage that fails (blocked, full) leaves no note: the next page waits
 * for the core.
 */
export function keepNote(settings, configText, record, granted, written, jar) {
  try {
    const value = record && !settings.regions && !settings.tcf ? valueAfter(settings.cookie, written, jar) : undefined;
    if (value === undefined) {
      localStorage.removeItem(KEY);
      return;
    }
    const note = JSON.stringify({ n: settings.cookie, v: value, t: configText + navigator.globalPrivacyControl, g: granted });
    if (localStorage.getItem(KEY) !== note) localStorage.setItem(KEY, note);
  } catch {
    // no storage: no note
  }
}
