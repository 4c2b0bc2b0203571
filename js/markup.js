// The dialog's markup, built as text from the core's description of it
// (`core.dialog()`, src/api/objects.rs: its options, the descriptions that
// fit the config, each category's texts) and the dialog's texts
// (`text(key)`); the shell sets it with one `innerHTML` (js/dialog.js) and
// wires events by delegation on `data-action`. The class names are the
// ones js/dialog.css styles.
//
// Every text goes through esc(): config text is text, never markup. The
// only link is the privacy policy's URL, which the core checked when it
// read the config. Built here rather than in the wasm: it is DOM work, and
// it cost the wasm 2,939 B gzip (docs/size.md).

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` with `& < > " '` escaped, safe in element content and in quoted attribute values (the TCF layers' too). */
export const esc = (text) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** ` name="value"`, the value escaped. */
const attr = (name, value) => ` ${name}="${esc(value)}"`;

const button = (cls, action, label) => `<button type="button"${attr('class', cls)}${attr('data-action', action)}>${esc(label)}</button>`;

const langDir = (d) => attr('lang', d.lang) + attr('dir', d.rtl ? 'rtl' : 'ltr');

/**
 * A switch (a checkbox) and its label, in a `switch-row`, left open for
 * what follows the label's text. `mixed`: some but not all of the
 * category's services are on (set as the `indeterminate` property after
 * rendering).
 */
function toggle(id, category, service, on, locked, mixed, label) {
  return (
    `<div class="switch-row"><input type="checkbox"${attr('id', id)}${attr('data-category', category)}` +
    (service === undefined ? '' : attr('data-service', service)) +
    (on ? ' checked' : '') +
    (locked ? ' disabled' : '') +
    (mixed ? ' data-mixed' : '') +
    `><label${attr('for', id)}>${esc(label)}`
  );
}

/**
 * The shadow root's lasting content: an empty panel the dialog is rendered
 * into, the status region that announces "Saved" (it outlives the dialog),
 * and the optional floating button. `text(key)` gives the dialog's texts.
 */
export function shellMarkup(d, text) {
  return (
    `<div class="shell"${attr('data-scheme', d.scheme)}${langDir(d)}><div id="panel"></div><div class="visually-hidden" role="status" id="status"></div>` +
    (d.floating ? button('floating-button', 'reopen', text('settingsButton')) : '') +
    '</div>'
  );
}

/** A category's row of the preferences layer: its switch and, when it has anything to show, its details. */
function categoryRow(c, record, text) {
  // A required category is on; otherwise what the stored choice grants (nothing before a choice).
  const granted = (service) =>
    c.required ||
    (record !== null &&
      (service === undefined ? record.categories[c.key] === true : !!record.services[c.key] && record.services[c.key][service] === true));
  const on = c.services.filter((s) => granted(s.key)).length;
  const id = 'switch-' + c.key;
  let h = '<li>' + toggle(id, c.key, undefined, granted(), c.required, on > 0 && on < c.services.length, c.title);
  if (c.required) h += ` <span class="always-on">${esc(text('alwaysOn'))}</span>`;
  h += '</label></div>';
  if (!c.description && !c.services.length && !c.cookies.length) return h + '</li>';
  h += `<details><summary>${esc(text('showDetails'))}<span class="visually-hidden"> \u2013 ${esc(c.title)}</span></summary>`;
  if (c.description) h += `<p>${esc(c.description)}</p>`;
  if (c.services.length) {
    h += `<fieldset><legend>${esc(text('services'))}</legend>`;
    for (const s of c.services) h += toggle(`${id}.${s.key}`, c.key, s.key, granted(s.key), c.required, false, s.title) + '</label></div>';
    h += '</fieldset>';
  }
  if (c.cookies.length) {
    const headers = ['cookieName', 'cookieProvider', 'cookiePurpose', 'cookieDuration'].map(text);
    h += `<table><caption class="visually-hidden">${esc(c.title)}</caption><thead><tr>`;
    for (const header of headers) h += `<th scope="col">${esc(header)}</th>`;
    h += '</tr></thead><tbody>';
    // data-label names each cell when narrow screens stack the rows.
    for (const row of c.cookies) {
      const cells = [row.name, row.provider, row.purpose, row.duration];
      h += '<tr>' + cells.map((cell, i) => `<td${attr('data-label', headers[i])}>${esc(cell)}</td>`).join('') + '</tr>';
    }
    h += '</tbody></table>';
  }
  return h + '</details></li>';
}

/**
 * The dialog's first layer (`first`: title, text, Accept all / Reject all /
 * Preferences) or its preferences layer (a switch per category, details,
 * Save preferences), the switches showing `record` (the stored choice, or
 * null).
 */
export function dialogMarkup(d, first, record, text) {
  let h = `<div class="overlay"${attr('data-layout', d.layout)} data-layer="${first ? 1 : 2}">`;
  if (!first || d.layout === 'modal') h += '<div class="backdrop"></div>';
  h += `<div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" aria-describedby="dialog-description"${langDir(d)}>`;
  h += `<div class="dialog-header"><h2 id="dialog-title" tabindex="-1">${esc(text(first ? 'title' : 'preferencesTitle'))}</h2>`;
  h += `<button type="button" class="close-button" data-action="close"${attr('aria-label', text('close'))}>\u00d7</button></div>`;
  h += `<p id="dialog-description">${esc(first ? d.first : d.preferences)}`;
  if (d.url !== undefined) h += ` <a${attr('href', d.url)}>${esc(text('privacyPolicy'))}</a>`;
  h += '</p>';
  if (d.gpc) h += `<p class="gpc-notice">${esc(text('gpcHonoured'))}</p>`;
  if (!first) h += '<ul class="categories">' + d.categories.map((c) => categoryRow(c, record, text)).join('') + '</ul>';
  h += '<div class="actions">';
  if (!first) h += button('button secondary', 'save', text('savePreferences'));
  const accept = button('button', 'accept', text('acceptAll'));
  const reject = button('button', 'reject', text('rejectAll'));
  h += d.rejectFirst ? reject + accept : accept + reject;
  if (first) h += button('button secondary', 'prefs', text('preferences'));
  return h + '</div></div></div>';
}
