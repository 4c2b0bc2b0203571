// Consentry, the ES-module entry of the npm package (pkg/consentry.js).
//
// Loaded by <script type="module"> it starts from the page's
// #consentry-config tag; imported by a bundler, its default export is the
// API (the same object as window.consentry), started by init(config).
// The wasm is found next to this file through import.meta.url, which
// webpack 5 and Vite both follow.
//
// The core (Rust) owns the config, the record, the cookie, the texts and the
// dialog's markup; this file does the page work from its answers: the
// dialog (dialog.js), activation of held markup (activate.js), on()
// handlers, `consentry:change`, the tag integrations (Google Consent Mode,
// GTM's dataLayer, Meta Pixel, Microsoft UET), other tabs, and consent
// receipts. The build bundles these files and the wasm-bindgen glue into
// one module.
import initWasm, { Core } from './consentry_core.js';
import { createDialog, HOST_ID } from './dialog.js';
import { createActivation, claimStub, categoryForUrl } from './activate.js';

const win = typeof window === 'undefined' ? undefined : window;
const MARK = '__consentryApi';
const EVENTS = ['ready', 'consent', 'change', 'show', 'hide'];
const RECEIPTS_KEY = 'consentry:receipts';
// Only English is compiled into the wasm; the other built-in languages are
// fetched when chosen. One static `new URL` each, so bundlers emit them all.
const LANGUAGE_FILES = {
  de: new URL('./i18n/de.json', import.meta.url),
  fr: new URL('./i18n/fr.json', import.meta.url),
  es: new URL('./i18n/es.json', import.meta.url),
  it: new URL('./i18n/it.json', import.meta.url),
  nl: new URL('./i18n/nl.json', import.meta.url),
  pl: new URL('./i18n/pl.json', import.meta.url),
  pt: new URL('./i18n/pt.json', import.meta.url),
  ro: new URL('./i18n/ro.json', import.meta.url),
  uk: new URL('./i18n/uk.json', import.meta.url),
  ar: new URL('./i18n/ar.json', import.meta.url),
};

/** The texts of `lang`, or undefined (English then): a failed fetch never blocks the dialog. */
function languageTexts(lang) {
  const url = Object.prototype.hasOwnProperty.call(LANGUAGE_FILES, lang) ? LANGUAGE_FILES[lang] : null;
  if (!url) return Promise.resolve(undefined);
  return fetch(url).then(
    (r) => (r.ok ? r.text() : undefined),
    () => undefined,
  );
}
/** How long the core may take to load before the page is told it failed (fail closed). */
const LOAD_TIMEOUT_MS = 15000;

function create() {
  // The stub's private interface, claimed first thing (js/stub.js).
  const stub = claimStub();
  // The stub's queue (an array) or, before the stub, nothing.
  const earlier = win && Array.isArray(win.consentry) ? win.consentry.slice() : [];
  const handlers = Object.fromEntries(EVENTS.map((name) => [name, []]));
  const warned = new Set();
  const waiting = []; // [category, fn] for whenGranted
  let core = null;
  let dialog = null;
  let activation = null;
  let starting = null;
  let ready = false;
  let record = null; // the current record, parsed once per change
  let categories = [];
  let settings = {};
  let configHash = '';
  let channel = null;
  let fromOtherTab = false;

  function warnOnce(message) {
    if (!warned.has(message)) {
      warned.add(message);
      console.warn(message);
    }
  }

  function started() {
    if (!core) throw new Error('Consentry: not started yet; call init(config) first');
    return core;
  }

  function names(list, member) {
    const array = typeof list === 'string' ? [list] : list;
    if (!Array.isArray(array) || !array.every((x) => typeof x === 'string')) {
      throw new TypeError(`Consentry: ${member}() takes a category name or an array of them`);
    }
    return array;
  }

  function emit(name, detail) {
    for (const fn of handlers[name].slice()) {
      try {
        fn(detail);
      } catch (e) {
        console.error(e); // one throwing handler does not stop the others
      }
    }
  }

  // Granted categories as own properties of a prototype-less object: the
  // lookup is a plain property read that page code cannot hook, refreshed
  // from the core (not from JSON.parse, which a page may replace) on every
  // change. Services, rarely hot, ask the core each time.
  let grantedNow = { __proto__: null };
  const known = { __proto__: null }; // the config's categories, for argument checks

  function refreshGranted() {
    const next = { __proto__: null };
    const keys = core ? core.keys(true) : [];
    for (let i = 0; i < keys.length; i++) next[keys[i]] = true;
    grantedNow = next;
  }

  function granted(category, service) {
    if (service !== undefined) return core ? core.hasConsent(category, service) === true : false;
    return grantedNow[category] === true;
  }

  /** Appends without Array.prototype.push, which a page may have replaced. */
  function append(list, item) {
    list[list.length] = item;
  }

  /** What differs between two records: `{categories: {name: now}, services: {cat: {svc: now}}}`. */
  function diff(before, after) {
    const changed = { categories: {}, services: {} };
    const now = after || { categories: {}, services: {} };
    const then = before || { categories: {}, services: {} };
    for (const name of categories) {
      const value = now.categories[name] === true;
      if (value !== (then.categories[name] === true)) changed.categories[name] = value;
      const services = now.services[name] || {};
      for (const service of Object.keys(services)) {
        const old = (then.services[name] || {})[service] === true;
        if (services[service] !== old) (changed.services[name] = changed.services[name] || {})[service] = services[service];
      }
    }
    return changed;
  }

  // ---- tag integrations ----

  function gtag() {
    // gtag.js reads only `arguments` objects from the dataLayer, never arrays.
    (win.dataLayer = win.dataLayer || []).push(arguments);
  }

  function consentModeValues() {
    const values = {};
    for (const [category, types] of Object.entries(settings.gcm.map)) {
      for (const type of types) {
        if (values[type] !== 'granted') values[type] = granted(category) ? 'granted' : 'denied';
      }
    }
    return values;
  }

  /** Consent Mode defaults, when the stub did not push them (npm use without the stub). */
  function consentModeDefaults() {
    if (!settings.gcm || win.__cyGcm) return;
    win.__cyGcm = true;
    console.warn('Consentry: Consent Mode defaults pushed late; add data-consent-mode to the stub tag so they precede every tag');
    const defaults = {
      ad_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
      analytics_storage: 'denied',
      functionality_storage: 'denied',
      personalization_storage: 'denied',
      security_storage: 'granted',
      wait_for_update: settings.gcm.waitForUpdate,
    };
    if (settings.gcm.region.length) defaults.region = settings.gcm.region;
    gtag('consent', 'default', defaults);
    if (settings.gcm.adsDataRedaction) gtag('set', 'ads_data_redaction', true);
    if (settings.gcm.urlPassthrough) gtag('set', 'url_passthrough', true);
  }

  /** Tells the tags the choice; `withdrawn`: there was one and it is gone (all denied). */
  function tellIntegrations(withdrawn) {
    if (!record && !withdrawn) return;
    if (settings.gcm) gtag('consent', 'update', consentModeValues());
    if (record && win.dataLayer) {
      const services = {};
      for (const [category, list] of Object.entries(record.services)) {
        services[category] = Object.keys(list).filter((s) => list[s]);
      }
      win.dataLayer.push({
        event: 'consentry_update',
        consentry: { categories: categories.filter((c) => granted(c)), services, method: record.method },
      });
    }
    if (settings.metaPixel && typeof win.fbq === 'function') {
      win.fbq('consent', granted(settings.metaPixel) ? 'grant' : 'revoke');
    }
    if (settings.microsoftUet) {
      (win.uetq = win.uetq || []).push('consent', 'update', {
        ad_storage: granted(settings.microsoftUet) ? 'granted' : 'denied',
      });
    }
  }

  // ---- receipts: queued in localStorage until the endpoint acknowledges ----

  // The queue; a copy lives in memory for pages where storage is blocked.
  let memoryReceipts = [];

  function storedReceipts() {
    try {
      const list = JSON.parse(localStorage.getItem(RECEIPTS_KEY) || '[]');
      return Array.isArray(list) ? list : [];
    } catch {
      return memoryReceipts;
    }
  }

  function storeReceipts(list) {
    memoryReceipts = list;
    try {
      if (list.length) localStorage.setItem(RECEIPTS_KEY, JSON.stringify(list));
      else localStorage.removeItem(RECEIPTS_KEY);
    } catch {
      // Storage blocked: receipts live only as long as this page.
    }
  }

  let sending = false;

  async function sendReceipts() {
    if (sending || !settings.consentLog) return;
    sending = true;
    try {
      for (const receipt of storedReceipts()) {
        let delivered = false;
        try {
          const response = await fetch(settings.consentLog, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(receipt),
            keepalive: true,
            credentials: 'same-origin',
          });
          delivered = response.ok;
        } catch {
          delivered = false;
        }
        if (!delivered) break; // keep it (and the rest, in order) for a later page
        storeReceipts(storedReceipts().filter((r) => r.key !== receipt.key));
      }
    } finally {
      sending = false;
    }
  }

  function queueReceipt() {
    if (!settings.consentLog || !record) return;
    const random = new Uint32Array(2);
    crypto.getRandomValues(random);
    const receipt = {
      key: `${record.id}.${random[0].toString(36)}${random[1].toString(36)}`,
      id: record.id,
      revision: record.revision,
      time: record.updatedAt,
      method: record.method,
      gpc: record.gpc,
      categories: record.categories,
      services: record.services,
      language: settings.language,
      configHash,
    };
    storeReceipts(storedReceipts().concat(receipt));
    sendReceipts();
  }

  // ---- the dialog and the record ----

  function report(e) {
    console.error(e && e.message ? e.message : e);
  }

  function ensureDialog() {
    if (!dialog) dialog = createDialog(core.markup(0), onDialogAction);
    return dialog;
  }

  function onDialogAction(action) {
    try {
      if (action === 'accept') decide('acceptAll');
      else if (action === 'reject') decide('rejectAll');
      else if (action === 'prefs') show(2);
      else if (action === 'reopen') show(2, dialog.floating());
      else if (action === 'close') hide();
      else if (action === 'save') {
        const [chosen, services] = dialog.choices();
        decide('custom', chosen, services);
      }
    } catch (e) {
      report(e);
    }
  }

  /** Shows layer 1 (first) or 2 (preferences); `opener` gets focus back on close (default: the focused element). */
  function show(layer, opener) {
    const d = ensureDialog();
    const markup = core.markup(layer);
    if (!opener) {
      const active = document.activeElement;
      opener = active && active.id !== HOST_ID && active.localName !== 'body' ? active : null;
    }
    d.open(layer, markup, opener);
    emit('show', layer === 1 ? 'first' : 'preferences');
  }

  /** Closes the dialog, granting nothing; the floating button shows once there is a choice. */
  function hide(decided = record !== null) {
    if (dialog && dialog.layer) {
      dialog.close(settings.floatingButton && decided);
      emit('hide');
    }
  }

  // ---- what the core needs from the page ----

  function jar() {
    try {
      return document.cookie;
    } catch {
      return ''; // cookies blocked (sandboxed frame): nothing stored
    }
  }

  /** Writes the core's cookie strings (`\n`-joined); a refused cookie still holds for this page view. */
  function write(cookies) {
    for (const cookie of cookies ? cookies.split('\n') : []) {
      try {
        document.cookie = cookie;
      } catch {
        warnOnce('Consentry: the browser refused to store cookies; the choice holds for this page view');
      }
    }
  }

  function randomId() {
    return crypto.getRandomValues(new Uint8Array(12));
  }

  function pageLanguages() {
    return [document.documentElement.getAttribute('lang') ?? undefined, Array.from(navigator.languages || [])];
  }

  /**
   * Records a decision (`kind` and its lists, see the core's `decide`; a
   * bad argument throws and nothing changes): the cookie is written and
   * withdrawn cookies deleted, then the dialog closes announcing "Saved",
   * held markup is activated and everyone is told.
   */
  function decide(kind, list, services) {
    write(core.decide(kind, list, services, jar(), Date.now(), randomId()));
    const wasOpen = dialog && dialog.layer;
    hide(true);
    if (wasOpen) dialog.announce(core.text('saved'));
    changed();
  }

  /** The record changed (start, decision, another tab, reset): activation, handlers, integrations. */
  function changed() {
    const before = record;
    const json = core.consentJson();
    record = json ? JSON.parse(json) : null;
    refreshGranted();
    if (record) activation.apply(core.keys(true), settings.reloadOnWithdraw);
    else activation.reset(); // no choice any more: the stub holds again
    if (!ready) return; // a returning visitor's record, read at start
    tellIntegrations(before !== null);
    if (!fromOtherTab) {
      if (channel) channel.postMessage('change');
      queueReceipt();
    }
    if (!before && record) emit('consent', api.getConsent());
    emit('change', { record: api.getConsent(), changed: diff(before, record) });
    win.dispatchEvent(new CustomEvent('consentry:change', { detail: api.getConsent() }));
    for (const entry of waiting.slice()) {
      if (granted(entry[0])) {
        waiting.splice(waiting.indexOf(entry), 1);
        run(entry[1]);
      }
    }
  }

  /** Any `data-consentry="preferences"` (or `"show"`) element opens the dialog. */
  function listenForOpeners() {
    document.addEventListener('click', (event) => {
      const opener = event.target && event.target.closest ? event.target.closest('[data-consentry]') : null;
      const which = opener && opener.getAttribute('data-consentry');
      const layer = which === 'preferences' ? 2 : which === 'show' ? 1 : 0;
      if (!layer) return;
      event.preventDefault();
      try {
        show(layer, opener);
      } catch (e) {
        report(e);
      }
    });
  }

  /** Runs page code with the API (and the start error, if it failed); a throw is logged, not passed on. */
  function run(fn, error) {
    try {
      fn(api, error);
    } catch (e) {
      console.error(e);
    }
  }

  /** Runs what was queued before the start, in order. */
  function drain(error) {
    while (earlier.length) {
      const fn = earlier.shift();
      if (typeof fn === 'function') run(fn, error);
    }
  }

  /** Start failed: queued functions run with `(api, error)`; the API grants nothing. */
  let failure = null;
  function failed(error) {
    if (ready || failure) return;
    failure = error;
    if (stub) stub.f(); // what waits on a held request fails now
    drain(error);
  }

  function fnv1a(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  }

  function begin(text, texts) {
    configHash = fnv1a(text);
    core = Core.start(
      text,
      texts,
      location.hostname,
      location.pathname,
      location.protocol === 'https:',
      ...pageLanguages(),
      navigator.globalPrivacyControl === true,
      jar(),
      Date.now(),
      randomId(),
    );
    // The config's blocking (hosts, unknown) reaches the stub on every start path.
    if (stub) stub.h(JSON.parse(text).blocking || {});
    for (const line of core.warnings().split('\n')) if (line) console.warn('Consentry: config ' + line);
    write(core.pending());
    categories = core.keys(false);
    for (let i = 0; i < categories.length; i++) known[categories[i]] = true;
    settings = JSON.parse(core.settingsJson());
    activation = createActivation(core, (category) => decide('allow', [category]), stub);
    activation.start();
    listenForOpeners();
    if (core.consentJson() !== undefined) {
      if (settings.floatingButton) ensureDialog(); // its shell carries the floating button
      changed(); // the returning visitor's record
    } else {
      show(1);
    }
    consentModeDefaults();
    if (settings.microsoftUet) (win.uetq = win.uetq || []).push('consent', 'default', { ad_storage: 'denied' });
    tellIntegrations(); // a returning visitor's choice, at start
    /** Re-reads the jar: a choice or reset in another tab, or the stored choice expired. */
    const reread = () => {
      fromOtherTab = true;
      try {
        const cookies = core.refresh(jar(), Date.now());
        if (cookies !== undefined) {
          write(cookies);
          if (core.consentJson() !== undefined) hide();
          changed();
          if (!record) show(1); // gone while the page is open: ask again
        }
      } finally {
        fromOtherTab = false;
      }
    };
    try {
      channel = new BroadcastChannel('consentry');
      channel.onmessage = reread;
    } catch {
      channel = null; // no BroadcastChannel (old browser, opaque origin): this tab only
    }
    // An expiry (or a cookie deleted by hand) while the page stays open.
    setInterval(reread, 60000);
    document.addEventListener('visibilitychange', () => document.hidden || reread());
    sendReceipts(); // anything an earlier page could not deliver
    ready = true;
    drain();
    emit('ready', api);
  }

  const api = {
    [MARK]: true,
    /** Starts with `config` (an object) or, without one, the #consentry-config tag. */
    init(config) {
      if (!starting) {
        starting = initWasm()
          .then(() => {
            let text;
            if (config === undefined) {
              const tag = document.getElementById('consentry-config');
              if (!tag) throw new Error('Consentry: no config: pass one to init() or add <script type="application/json" id="consentry-config">');
              text = tag.textContent;
            } else {
              text = JSON.stringify(config);
            }
            return languageTexts(Core.pickLanguage(text, ...pageLanguages())).then((texts) => begin(text, texts));
          })
          .catch((e) => {
            // One clear console error (an invalid config lists every problem),
            // even when the caller ignores the rejected promise.
            console.error(e && e.message ? e.message : e);
            failed(e);
            throw e;
          });
        // A core that never arrives fails closed: nothing held is released,
        // and queued code hears about it.
        const timer = setTimeout(() => failed(new Error('Consentry: the core did not load in time')), LOAD_TIMEOUT_MS);
        starting.then(() => clearTimeout(timer), () => clearTimeout(timer));
      }
      return starting;
    },
    /** Synchronous and cheap; `false` until a choice exists, and for bad arguments. */
    hasConsent(category, service) {
      // The hot path (tags call this often): two property reads.
      if (service === undefined && typeof category === 'string' && known[category] === true) {
        return grantedNow[category] === true;
      }
      if (typeof category !== 'string' || (service !== undefined && typeof service !== 'string')) {
        warnOnce('Consentry: hasConsent(category, service?) takes strings; answering false');
        return false;
      }
      if (ready && known[category] !== true) {
        warnOnce(`Consentry: hasConsent(): unknown category "${category}"; answering false`);
        return false;
      }
      return granted(category, service);
    },
    getConsent() {
      return record ? JSON.parse(JSON.stringify(record)) : null;
    },
    acceptAll() {
      started();
      decide('acceptAll');
    },
    rejectAll() {
      started();
      decide('rejectAll');
    },
    /** Grants exactly these categories (plus necessary), denies the rest. */
    accept(list) {
      started();
      decide('accept', names(list, 'accept'));
    },
    /** Withdraws these categories, or every optional one. */
    optOut(list) {
      started();
      decide('optOut', list === undefined ? undefined : names(list, 'optOut'));
    },
    show() {
      started();
      show(1);
    },
    showPreferences() {
      started();
      show(2);
    },
    hide() {
      if (core) hide();
    },
    /** The category `url` needs before it may load (tracker table, blocking.hosts, blocking.unknown), or null. */
    categoryFor(url) {
      return categoryForUrl(started(), String(url));
    },
    /** Forgets the stored choice and asks again. */
    reset() {
      write(started().reset());
      changed();
      show(1);
    },
    /** `handler(detail)` for `ready`, `consent`, `change`, `show`, `hide`; returns an unsubscribe function. */
    on(event, handler) {
      if (!EVENTS.includes(event)) throw new TypeError(`Consentry: on(): unknown event "${event}"; use ${EVENTS.join(', ')}`);
      if (typeof handler !== 'function') throw new TypeError('Consentry: on() takes a handler function');
      append(handlers[event], handler);
      if (event === 'ready' && ready) run(handler);
      return () => {
        const at = handlers[event].indexOf(handler);
        if (at >= 0) handlers[event].splice(at, 1);
      };
    },
    /** Runs `fn(api)` now if `category` is granted, else once it is. */
    whenGranted(category, fn) {
      if (typeof category !== 'string' || typeof fn !== 'function') {
        throw new TypeError('Consentry: whenGranted(category, fn) takes a category name and a function');
      }
      if (ready && known[category] !== true) throw new Error(`Consentry: whenGranted(): unknown category "${category}"`);
      if (granted(category)) run(fn);
      else append(waiting, [category, fn]);
    },
    /** Runs `fn(api)` now if started, else once started (the stub's queue contract). */
    push(fn) {
      if (typeof fn !== 'function') throw new TypeError('Consentry: push() takes a function');
      if (ready) run(fn);
      else if (failure) fn(api, failure);
      else append(earlier, fn);
    },
  };
  return api;
}

// One API per page, even if this module is loaded twice (script tag + bundle).
const api = win && win.consentry && win.consentry[MARK] ? win.consentry : create();

if (win) {
  try {
    win.consentry = api;
  } catch {
    // The page made window.consentry read-only: the npm export still works,
    // the page's global does not. Nothing is granted either way.
    console.error('Consentry: window.consentry is not writable; remove the page code that defines it');
  }
  if (document.getElementById('consentry-config')) {
    api.init().catch(() => {}); // logged by init()
  }
}

export default api;
