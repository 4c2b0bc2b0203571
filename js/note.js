// The note of the last decision, for the next page's fast path
// (js/fast.js, docs/fast-path.md): a chunk of its own, loaded after a
// change, so a first visit before its choice never fetches it.
//
// `{n, v, t, g}`: the consent cookie's name and the value of the first
// cookie of that name in the jar now (what the core read or wrote), the
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
 * Keeps the note in step with a change: `record` and `granted` (its granted
 * categories) as the change left them, `jar` the cookies right after it (no
 * record: the note goes). Storage that fails (blocked, full) leaves no
 * note: the next page waits for the core.
 */
export function keepNote(settings, configText, record, granted, jar) {
  try {
    const value = record && !settings.regions && !settings.tcf ? cookieValue(jar, settings.cookie) : undefined;
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
