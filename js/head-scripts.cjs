// What the bundler plugins (consentry/vite, consentry/webpack) put at the
// top of <head>: the stub inlined (it must run before any other script, and
// a bundler cannot bundle a classic script), then, if asked, the Consent
// Mode defaults script and the config tag. Node only: it reads the package's
// own files next to it. CommonJS, so that webpack configs written with
// require() can load the webpack plugin.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** A file of this package, as text. */
const own = (name) => readFileSync(join(__dirname, name), 'utf8').trim();

/**
 * The tags, in order: `[{ attrs, children }]`, each a <script>.
 * `options.config`: the config (an object) for a
 * <script type="application/json" id="consentry-config"> tag (consentry.js
 * then starts from it: the app need not call init()); `options.consentMode`:
 * `true`, or `{ region: 'ES,FR', adsDataRedaction, urlPassthrough }`, for
 * consentry-consent-mode.js right after the stub.
 */
function headScripts(options = {}) {
  const tags = [{ attrs: {}, children: own('consentry-stub.js') }];
  const mode = options.consentMode;
  if (mode) {
    const attrs = {};
    if (mode.region) attrs['data-region'] = [].concat(mode.region).join(',');
    if (mode.adsDataRedaction) attrs['data-ads-data-redaction'] = '';
    if (mode.urlPassthrough) attrs['data-url-passthrough'] = '';
    tags.push({ attrs, children: own('consentry-consent-mode.js') });
  }
  if (options.config !== undefined) {
    // `<` as \u003c: no `</script>` in a value can end the tag early.
    const json = JSON.stringify(options.config).replace(/</g, '\\u003c');
    tags.push({ attrs: { type: 'application/json', id: 'consentry-config' }, children: json });
  }
  for (const tag of tags) {
    // The minified scripts hold no "</script"; a future one must not either.
    if (/<\/script/i.test(tag.children)) throw new Error('consentry: an inlined script holds "</script"');
  }
  return tags;
}

/** The tags as HTML. */
function toHtml(tags) {
  const escape = (value) => String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return tags
    .map(({ attrs, children }) => {
      const list = Object.keys(attrs).map((name) => (attrs[name] === '' ? ` ${name}` : ` ${name}="${escape(attrs[name])}"`));
      return `<script${list.join('')}>${children}</script>`;
    })
    .join('');
}

/** `html` with `tags` right after its <head> start tag; unchanged (and `false`) if it has none. */
function prependToHead(html, tags) {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) return false;
  const at = head.index + head[0].length;
  return html.slice(0, at) + toHtml(tags) + html.slice(at);
}

module.exports = { headScripts, toHtml, prependToHead };
