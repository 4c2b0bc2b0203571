// The running Consentry on a page: the wasm core and what follows from its
// answers. Every change of the choice (start, decision, another tab, reset)
// comes from the core as one `{cookies, record}` object, and `changed()`
// carries it out: cookies written, held markup activated, the page, the
// tags and the other tabs told. One per page (js/consentry.js sees to it).
import { createDialog, HOST_ID } from './dialog.js';
import { dialogMarkup, shellMarkup } from './markup.js';
import { categoryForUrl, createActivation } from './activate.js';
import { append, copy, diff, emit, tellDataLayer } from './events.js';
import { announceToTabs, connectTabs } from './tabs.js';
import { diagnose, moment, report, writeCookies } from './page.js';

/** An object with no prototype: its own properties are all it has. */
function lookup() {
  return Object.create(null);
}

/** The started core (null before the start), and what it read from the config. */
export let core = null;
export let settings = null;
/** The current record, as the core made it (null: no choice). */
export let record = null;
/** Set once the start is done: queued code has run, the API is live. */
export let ready = false;

let api = null;
/** The stub's private interface (js/stub.js): null without a stub, 0 if another script claimed it. */
let stub = null;
let dialog = null;
let activation = null;
let fromOtherTab = false;
/** The config as the core read it: JSON text (the note of the fast path names it). */
let configText = '';
/** The fast path's note writes, one after the other (js/note.js). */
let notes = Promise.resolve();
/** The chunks the config needs (js/chunks.js): each a module, or null. */
let integrations = null;
let receipts = null;
/**
 * Where a regions site's rule is not opt-in (js/iab/gpp-page.js): what is
 * granted without a choice, a prototype-less `{category: true}`; then the
 * first layer is not shown.
 */
let defaults = null;
const waiting = []; // [category, fn] for whenGranted
// Granted categories and the config's categories as own properties of
// prototype-less objects: a lookup is a plain property read that page code
// cannot hook, refreshed from the core's record on every change.
let grantedNow = lookup();
const known = lookup();

/** The API object page code gets (for run() and the ready event), and the stub's interface. */
export function connect(apiObject, stubInterface) {
  api = apiObject;
  stub = stubInterface;
}

/** Whether `category` (and `service`) is granted now; services, rarely hot, ask the core. */
export function granted(category, service) {
  if (service !== undefined) return core ? core.hasConsent(category, service) === true : false;
  return grantedNow[category] === true;
}

/** Whether `category` is one of the config's (false before the start). */
export function isCategory(category) {
  return known[category] === true;
}

/** Runs page code with the API (and the start error, if it failed); a throw is logged, not passed on. */
export function run(fn, error) {
  try {
    fn(api, error);
  } catch (e) {
    console.error(e);
  }
}

/** A text of the dialog's language (the core's: the site's own, else the built-in one). */
const coreText = (key) => core.text(key);

/** The dialog, created with its shell the first time; `described`: the core's description of it, if already asked for. */
function ensureDialog(described) {
  if (!dialog) dialog = createDialog(shellMarkup(described || core.dialog(), coreText), onDialogAction);
  return dialog;
}

/**
 * Runs `fn` in a task of its own once the main thread is idle, at most
 * 100 ms on: after a visitor's decision, what does not need to happen
 * before the held scripts it grants are on their way.
 */
function whenIdle(fn) {
  // (Where there is no requestIdleCallback, setTimeout reads the options as a delay of 0.)
  (window.requestIdleCallback || setTimeout)(fn, { timeout: 100 });
}

function onDialogAction(action) {
  try {
    if (action === 'accept') decide({ kind: 'acceptAll' }, whenIdle);
    else if (action === 'reject') decide({ kind: 'rejectAll' }, whenIdle);
    else if (action === 'prefs') show(2);
    else if (action === 'reopen') show(2, dialog.floating());
    else if (action === 'close') hide();
    else if (action === 'save') decide({ kind: 'custom', ...dialog.choices() }, whenIdle);
  } catch (e) {
    report(e);
  }
}

/**
 * Shows layer 1 (first) or 2 (preferences); `opener` gets focus back on
 * close (default: the focused element); `atStart`: focus in the next frame.
 */
export function show(layer, opener, atStart) {
  const described = core.dialog();
  const d = ensureDialog(described);
  const markup = dialogMarkup(described, layer === 1, record, coreText);
  if (!opener) {
    const active = document.activeElement;
    opener = active && active.id !== HOST_ID && active.localName !== 'body' ? active : null;
  }
  d.open(layer, markup, opener, atStart);
  emit('show', layer === 1 ? 'first' : 'preferences');
}

/**
 * Closes the dialog, granting nothing; the floating button shows once there
 * is a choice. `later`: the page is given back in a task of its own.
 */
export function hide(decided = record !== null, later) {
  if (dialog && dialog.layer) {
    dialog.close(settings.floatingButton && decided, later);
    emit('hide');
  }
}

/**
 * Records a decision (`{kind, categories?, services?}`; a bad argument
 * throws and nothing changes), then the dialog closes announcing "Saved"
 * and the change is carried out. `later(fn)` (a click in the dialog): what
 * can wait a task (the page given back, images and embeds released) runs
 * through it, so the first held script's fetch starts as this task ends.
 */
export function decide(decision, later) {
  const at = moment();
  const change = core.decide(decision, at);
  const wasOpen = dialog && dialog.layer;
  // What `later` gets waits for the first held script the decision
  // releases, too: the main thread is idle while that script is fetched,
  // and an idle task then (the page's re-style, an embed's navigation)
  // is what the script waited for once it had arrived.
  let deferred = later && [];
  const defer = later && ((fn) => (deferred ? deferred.push(fn) : later(fn)));
  hide(true, defer);
  if (wasOpen) dialog.announce(core.text('saved'));
  changed(change, at.jar, defer);
  if (later) {
    activation.afterFirstScript(() => {
      for (const fn of deferred) later(fn);
      deferred = null;
    });
  }
}

/** Forgets the stored choice and asks again. */
export function reset() {
  changed(core.reset());
  if (!defaults) show(1);
}

/** Runs `fn` now if `category` is granted, else once it is. */
export function whenGranted(category, fn) {
  if (granted(category)) run(fn);
  else append(waiting, [category, fn]);
}

/**
 * Carries out a change the core made (from `jar`, the cookies it read):
 * cookies, storage, activation, handlers, integrations, other tabs;
 * `later`: as for decide().
 */
function changed(change, jar = '', later) {
  writeCookies(change.cookies);
  // The web storage it withdraws: in a chunk of its own (js/storage.js), fetched
  // at the first change, only when the config declares storage.
  if (settings.storage) import('./storage.js').then((chunk) => chunk.clearStorage(core), report);
  const before = record;
  record = change.record;
  // The granted categories, read off the core's prototype-less record
  // without a builtin a page could replace.
  const next = lookup();
  const list = [];
  const categories = record ? record.categories : defaults;
  if (categories) {
    for (const key in categories) {
      if (categories[key] === true) {
        next[key] = true;
        list[list.length] = key;
      }
    }
  }
  grantedNow = next;
  if (categories) activation.apply(list, settings.reloadOnWithdraw, later);
  else activation.reset(); // no choice any more: the stub holds again
  // The note for the next page's fast path (js/note.js), only with a stub
  // to read it; after the activation, off the path of what it released.
  // From this change's own cookies: the chunk may arrive after a later
  // change, and a note must pair a value with its own grants. In order, so
  // the last change's note is the one that stays.
  if (stub) {
    notes = notes.then(() => import('./note.js')).then((chunk) => chunk.keepNote(settings, configText, change.record, list, change.cookies, jar), report);
  }
  if (!ready) return; // a returning visitor's record, read at start
  tell(before !== null);
  if (!fromOtherTab) {
    announceToTabs(change.cookies, settings.cookie);
    if (receipts) receipts.queueReceipt(record);
  }
  if (!before && record) emit('consent', copy(record));
  emit('change', { record: copy(record), changed: diff(settings.categories, before, record) });
  window.dispatchEvent(new CustomEvent('consentry:change', { detail: copy(record) }));
  for (const entry of waiting.slice()) {
    if (granted(entry[0])) {
      waiting.splice(waiting.indexOf(entry), 1);
      run(entry[1]);
    }
  }
}

/** Tells the tags of the current record; `withdrawn`: there was a choice and it is gone. */
function tell(withdrawn) {
  if (integrations) integrations.tellIntegrations(settings, record, granted, withdrawn);
  tellDataLayer(settings.categories, record, granted);
}

/**
 * Re-reads the jar: a choice or a reset in another tab, or the stored choice
 * expired (or was deleted) while the page stayed open. Takes the change
 * over, if there is one; a choice that is gone asks again.
 */
function reread() {
  fromOtherTab = true;
  try {
    const at = moment();
    const change = core.refresh(at);
    if (change !== undefined) {
      if (change.record) hide();
      changed(change, at.jar);
      if (!record && !defaults) show(1);
    }
  } finally {
    fromOtherTab = false;
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

/**
 * Takes over a started core: `coreSettings` is what the core read from
 * the config's JSON `text` (which the receipts name by its hash and the
 * fast path's note records), `chunks` are the
 * loaded chunks the config needs (`{integrations, receipts}`,
 * js/chunks.js). Reads the stored choice, then either carries it out (a
 * returning visitor) or shows the first layer.
 */
export function begin(startedCore, coreSettings, text, chunks) {
  core = startedCore;
  settings = coreSettings;
  configText = text;
  ({ integrations, receipts } = chunks);
  defaults = chunks.regions && chunks.regions.defaults;
  if (settings.warnings.length) diagnose('config', settings.warnings);
  for (const key of settings.categories) known[key] = true;
  // The config's blocking (hosts, unknown) reaches the stub on every start path.
  if (stub) stub.h(settings.blocking);
  const categoryFor = (url) => categoryForUrl(core, url);
  const at = moment();
  const first = core.load(at); // the stored choice, if any
  // Developer mistakes the diagnostics chunk names: no stub (or one that ran
  // after this module); a tracker fetched before the stub ran (nothing the
  // stub holds is fetched before the decision, which comes below). Not one
  // of a category the stored choice grants: that loaded with consent (a
  // server that rendered the granted embed, the fast path).
  const stored = first.record ? first.record.categories : defaults;
  const early = (url) => {
    const category = categoryFor(url);
    return category && !(stored && stored[category] === true) ? category : null;
  };
  if (stub === null) diagnose('stub');
  else if (performance.getEntriesByType('resource').some((r) => early(r.name))) {
    diagnose('early', { categoryFor: early, before: performance.now() });
  }
  activation = createActivation(
    core,
    (category) => decide({ kind: 'allow', categories: [category] }),
    stub,
    known,
    () => diagnose('markup', settings.categories),
  );
  const decided = first.record || defaults;
  activation.start(!decided); // a decided start scans in changed() below
  listenForOpeners();
  if (receipts) receipts.setUpReceipts(settings.consentLog, settings.language, configText);
  if (decided) {
    if (settings.floatingButton && !defaults) ensureDialog(); // its shell carries the floating button
    changed(first, at.jar); // the returning visitor's record, or the rule's defaults
  } else {
    show(1, null, true);
  }
  if (integrations) integrations.pushDefaults(settings);
  tell(false); // a returning visitor's choice, at start
  connectTabs(reread);
  // An expiry (or a cookie deleted by hand) while the page stays open.
  setInterval(reread, 60000);
  document.addEventListener('visibilitychange', () => document.hidden || reread());
  if (receipts) receipts.sendReceipts(); // anything an earlier page could not deliver
  ready = true;
}
