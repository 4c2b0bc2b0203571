// Developer messages: what a site got wrong, named, with the fix, one
// console message per mistake. A chunk of its own
// (pkg/consentry-diagnostics.js, js/chunks.js' pattern) that the entry
// imports only when a cheap check of its own found something (diagnose()
// in js/page.js), so the visitors of a correctly set-up site never fetch
// it. Like every chunk it imports nothing at run time: what a check needs
// comes as its argument (the sentence table below is bundled into it).

import SENTENCES from './say-table.js';

/**
 * `text` with each config problem sentence's code (\x01 and one character
 * from space on, its place in the list; src/core/say.rs: the page's wasm
 * carries the codes instead of the sentences) replaced by the sentence
 * (js/say-table.js, made by scripts/say-table.mjs from the Rust sources).
 */
export function sentences(text) {
  return text.replace(/\x01([ -~])/g, (code, place) => SENTENCES[place.charCodeAt(0) - 32] ?? code);
}

const said = new Set();

/** `console.warn(message)` (`console.error` if `error`), once per page for each message. */
function say(message, error) {
  if (!said.has(message)) {
    said.add(message);
    (error ? console.error : console.warn)(message);
  }
}

/** The edit distance between `a` and `b`, case ignored (one row of the table). */
function distance(a, b) {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 0; i < a.length; i++) {
    const next = [i + 1];
    for (let j = 0; j < b.length; j++) {
      next[j + 1] = Math.min(row[j] + (a[i] === b[j] ? 0 : 1), row[j + 1] + 1, next[j] + 1);
    }
    row = next;
  }
  return row[b.length];
}

/**
 * The name of `known` closest to `name`, if it is close enough to be a
 * typo of it: at most two edits, fewer than half of `name`'s length.
 */
export function closest(name, known) {
  let best;
  let fewest = 3;
  for (const candidate of known) {
    const edits = distance(name, candidate);
    if (edits < fewest && edits * 2 < name.length) {
      best = candidate;
      fewest = edits;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` for the closest of `known`, or ''. */
function didYouMean(name, known) {
  const meant = closest(name, known);
  return meant ? ` (did you mean "${meant}"?)` : '';
}

/** An element as its start tag shows it: the tag and the attributes that identify it. */
function describe(e) {
  let tag = '<' + e.localName;
  for (const name of ['id', 'type', 'data-category', 'src', 'data-src', 'href', 'data-href']) {
    const value = e.getAttribute(name);
    if (value !== null) tag += ` ${name}="${value.length > 60 ? value.slice(0, 57) + '...' : value}"`;
  }
  return tag + '>';
}

/** The fix for a page without the stub, said by the messages about it. */
const STUB_FIX =
  'put <script src=".../consentry-stub.js"></script> first in <head> (a classic script: not async, defer or ' +
  'type="module"); in a Vite or webpack app add the consentry/vite or consentry/webpack plugin, which inlines it there';

const CHECKS = {
  /** The core started without the stub's interface: no stub, or a stub that ran after consentry.js. */
  stub() {
    if (window.__cyStub) {
      say(
        'Consentry: consentry-stub.js ran after consentry.js, so the core could not take it over: what the stub ' +
          'holds never loads, and what ran before it was not held. Make the stub the first script: ' +
          STUB_FIX,
      );
    } else {
      say(
        'Consentry: the stub did not run first: without consentry-stub.js, the scripts, images, iframes and ' +
          'requests that page code adds load before consent (only markup with data-category waits), and the ' +
          'core knows no tracker hosts beyond the config\'s blocking.hosts. To fix it, ' +
          STUB_FIX,
      );
    }
  },

  /** The config reader's warnings, each with the option a typo was likely meant to be. */
  config(lines) {
    for (const line of lines.map(sentences)) {
      const known = /^(.*): unknown option, ignored; options here: (.*)$/.exec(line);
      if (known) {
        const key = known[1].slice(known[1].lastIndexOf('.') + 1);
        say(`Consentry: config ${known[1]}: unknown option, ignored${didYouMean(key, known[2].split(', '))}; options here: ${known[2]}`);
      } else {
        say('Consentry: config ' + line);
      }
    }
  },

  /**
   * Held markup that cannot work: a data-category naming no category of
   * the config (it never loads), a data-category script without
   * type="text/plain" (it ran at once). `categories`: the config's.
   */
  markup(categories) {
    for (const e of document.querySelectorAll('[data-category]')) {
      const named = e.getAttribute('data-category');
      const category = named[0] === '!' ? named.slice(1) : named;
      if (e.localName === 'script' && e.getAttribute('type') !== 'text/plain') {
        say(
          `Consentry: ${describe(e)} ran at once, before consent: a held script needs type="text/plain" ` +
            '(and data-type="module" for a module), e.g. <script type="text/plain" data-category="' +
            category +
            '">',
        );
      } else if (!categories.includes(category)) {
        say(
          `Consentry: ${describe(e)} names no category of the config, so it never loads` +
            `${didYouMean(category, categories)}; the categories are ${categories.join(', ')}`,
        );
      }
    }
  },

  /**
   * Trackers fetched before the stub held anything (it was not the first
   * script): `categoryFor(url)` is the core's matcher, `before` the time
   * the core began (nothing it holds was released before).
   */
  early({ categoryFor, before }) {
    const early = [];
    for (const entry of performance.getEntriesByType('resource')) {
      // Consentry's own files, wherever they are served from, are not trackers.
      if (entry.startTime > before || /\/consentry[-\w]*\.(js|wasm)$|\/i18n\/[\w-]+\.json$/.test(new URL(entry.name).pathname)) continue;
      const category = categoryFor(entry.name);
      if (category) early.push(`${entry.name} (${category})`);
    }
    if (early.length) {
      say(
        `Consentry: loaded before consentry-stub.js ran, so before consent: ${early.join(', ')}. ` +
          "The stub must come before every tracker's script: " +
          STUB_FIX,
      );
    }
  },

  /** The page had loaded and nothing had started the core. */
  start() {
    let hint = '';
    for (const tag of document.querySelectorAll('script[type="application/json"], script[type="text/json"]')) {
      if (tag.textContent.includes('"categories"')) {
        hint = ` ${describe(tag)} looks like the config: give it id="consentry-config" (and type="application/json").`;
        break;
      }
    }
    say(
      'Consentry: not started: the page has no <script type="application/json" id="consentry-config"> and ' +
        'nothing called init(config), so there is no dialog and nothing held is released.' +
        hint,
    );
  },

  /** A script took the stub's private interface before the core could. */
  claimed() {
    say('Consentry: another script claimed the stub before the core; tracker blocking stays closed', true);
  },

  /** The page made window.consentry read-only. */
  global() {
    say('Consentry: window.consentry is not writable; remove the page code that defines it', true);
  },

  /** hasConsent() got something else than strings. */
  strings() {
    say('Consentry: hasConsent(category, service?) takes strings; answering false');
  },

  /** A failed start's error (an invalid config's), with its sentences in place of their codes. */
  sentences(error) {
    error.message = sentences(error.message);
  },

  /** The browser refused a cookie (blocked cookies, a sandboxed frame). */
  cookies() {
    say('Consentry: the browser refused to store cookies; the choice holds for this page view');
  },

  /** hasConsent() named a category the config does not have. */
  category({ name, categories, call }) {
    say(`Consentry: ${call}(): unknown category "${name}"${didYouMean(name, categories)}; answering false`);
  },
};

/** Runs check `what` with `facts` (the entry's diagnose()). */
export function diagnose(what, facts) {
  CHECKS[what](facts);
}
