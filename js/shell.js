// The running Consentry on a page: the wasm core and what follows from its
// answers. Every change of the choice (start, decision, another tab, reset)
// comes from the core as one `{cookies, record}` object, and
// `changed()` carries it out: cookies written, held markup activated, the
// page, the tags and the other tabs told.
import { createDialog, HOST_ID } from './dialog.js';
import { createActivation } from './activate.js';
import { createEvents, append, copy, diff } from './events.js';
import { createIntegrations } from './integrations.js';
import { createReceipts } from './receipts.js';
import { connectTabs } from './tabs.js';
import { moment, report, writeCookies } from './page.js';

/** An object with no prototype: its own properties are all it has. */
function lookup() {
  return Object.create(null);
}

export function createShell(win) {
  const events = createEvents();
  const waiting = []; // [category, fn] for whenGranted
  let api = null;
  let core = null;
  let settings = null;
  let dialog = null;
  let activation = null;
  let integrations = null;
  let receipts = null;
  let tabs = null;
  let record = null; // the current record, as the core made it
  let ready = false;
  let fromOtherTab = false;
  // Granted categories and the config's categories as own properties of
  // prototype-less objects: a lookup is a plain property read that page
  // code cannot hook, refreshed from the core's list on every change.
  let grantedNow = lookup();
  const known = lookup();

  /** Whether `category` (and `service`) is granted now; services, rarely hot, ask the core. */
  function granted(category, service) {
    if (service !== undefined) return core ? core.hasConsent(category, service) === true : false;
    return grantedNow[category] === true;
  }

  function ensureDialog() {
    if (!dialog) dialog = createDialog(core.shellMarkup(), onDialogAction);
    return dialog;
  }

  function onDialogAction(action) {
    try {
      if (action === 'accept') decide({ kind: 'acceptAll' });
      else if (action === 'reject') decide({ kind: 'rejectAll' });
      else if (action === 'prefs') show(2);
      else if (action === 'reopen') show(2, dialog.floating());
      else if (action === 'close') hide();
      else if (action === 'save') decide({ kind: 'custom', ...dialog.choices() });
    } catch (e) {
      report(e);
    }
  }

  /** Shows layer 1 (first) or 2 (preferences); `opener` gets focus back on close (default: the focused element). */
  function show(layer, opener) {
    const d = ensureDialog();
    const markup = layer === 1 ? core.firstLayerMarkup() : core.preferencesMarkup();
    if (!opener) {
      const active = document.activeElement;
      opener = active && active.id !== HOST_ID && active.localName !== 'body' ? active : null;
    }
    d.open(layer, markup, opener);
    events.emit('show', layer === 1 ? 'first' : 'preferences');
  }

  /** Closes the dialog, granting nothing; the floating button shows once there is a choice. */
  function hide(decided = record !== null) {
    if (dialog && dialog.layer) {
      dialog.close(settings.floatingButton && decided);
      events.emit('hide');
    }
  }

  /**
   * Records a decision (`{kind, categories?, services?}`; a bad argument
   * throws and nothing changes), then the dialog closes announcing "Saved"
   * and the change is carried out.
   */
  function decide(decision) {
    const change = core.decide(decision, moment());
    const wasOpen = dialog && dialog.layer;
    hide(true);
    if (wasOpen) dialog.announce(core.text('saved'));
    changed(change);
  }

  /** Carries out a change the core made: cookies, activation, handlers, integrations, other tabs. */
  function changed(change) {
    writeCookies(change.cookies);
    const before = record;
    record = change.record;
    // The granted categories, read off the core's prototype-less record
    // without a builtin a page could replace.
    const next = lookup();
    const list = [];
    if (record) {
      for (const key in record.categories) {
        if (record.categories[key] === true) {
          next[key] = true;
          list[list.length] = key;
        }
      }
    }
    grantedNow = next;
    if (record) activation.apply(list, settings.reloadOnWithdraw);
    if (!ready) return; // a returning visitor's record, read at start
    integrations.tell(record);
    if (!fromOtherTab) {
      tabs.post();
      receipts.queue(record);
    }
    if (!before && record) events.emit('consent', copy(record));
    events.emit('change', { record: copy(record), changed: diff(settings.categories, before, record) });
    win.dispatchEvent(new CustomEvent('consentry:change', { detail: copy(record) }));
    for (const entry of waiting.slice()) {
      if (granted(entry[0])) {
        waiting.splice(waiting.indexOf(entry), 1);
        run(entry[1]);
      }
    }
  }

  /** Another tab decided: take its choice over, if it changed anything. */
  function onOtherTab() {
    fromOtherTab = true;
    try {
      const change = core.refresh(moment());
      if (change !== undefined) {
        if (change.record) hide();
        changed(change);
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

  /** Runs page code with the API (and the start error, if it failed); a throw is logged, not passed on. */
  function run(fn, error) {
    try {
      fn(api, error);
    } catch (e) {
      console.error(e);
    }
  }

  return {
    events,
    granted,
    run,
    show,
    hide,
    decide,
    get core() {
      return core;
    },
    get ready() {
      return ready;
    },
    get record() {
      return record;
    },
    /** Whether `category` is one of the config's (false before the start). */
    isCategory(category) {
      return known[category] === true;
    },
    /** The API object page code gets (for run() and the ready event). */
    setApi(value) {
      api = value;
    },
    /** Runs `fn` now if `category` is granted, else once it is. */
    whenGranted(category, fn) {
      if (granted(category)) run(fn);
      else append(waiting, [category, fn]);
    },
    /** Forgets the stored choice and asks again. */
    reset() {
      changed(core.reset());
      show(1);
    },

    /**
     * Takes over a started core: `coreSettings` is what the core read from
     * the config, `configHash` goes in the receipts.
     */
    begin(startedCore, coreSettings, configHash) {
      core = startedCore;
      settings = coreSettings;
      for (const line of settings.warnings) console.warn('Consentry: config ' + line);
      for (const key of settings.categories) known[key] = true;
      const first = core.load(moment()); // the stored choice, if any
      activation = createActivation(core, (category) => decide({ kind: 'allow', categories: [category] }));
      activation.start();
      listenForOpeners();
      integrations = createIntegrations(win, settings, granted);
      receipts = createReceipts(settings.consentLog, settings.language, configHash);
      if (first.record) {
        if (settings.floatingButton) ensureDialog(); // its shell carries the floating button
        changed(first); // the returning visitor's record
      } else {
        show(1);
      }
      integrations.defaults();
      integrations.tell(record); // a returning visitor's choice, at start
      tabs = connectTabs(onOtherTab);
      receipts.send(); // anything an earlier page could not deliver
      ready = true;
    },
  };
}
