// The public API (window.consentry and the npm default export): argument
// checks, then the shell. Before the start, calls that need the core throw
// `not-started`, after a failed start the failure's code (`config-invalid`:
// "the config is invalid: see the error above"); push() queues (the stub's
// queue contract).
import { EVENTS, append, copy, emit, on } from './events.js';
import * as shell from './shell.js';
import { start } from './start.js';
import { coreError } from './core-error.js';
import { diagnose } from './page.js';
import { claimStub, categoryForUrl } from './activate.js';

/** Marks the API object, so that a second copy of this module reuses it. */
export const MARK = '__consentryApi';

/** A `bad-argument` error: a TypeError with the code the core's errors carry. */
function badArgument(message) {
  const error = new TypeError(message);
  error.code = 'bad-argument';
  return error;
}

export function createApi(win) {
  // The stub's private interface, claimed first thing (js/stub.js).
  const stub = claimStub();
  // The stub's queue (an array) or, before the stub, nothing.
  const earlier = win && Array.isArray(win.consentry) ? win.consentry.slice() : [];
  let starting = null;
  let failure = null;

  function started() {
    if (!shell.core) {
      throw failure
        ? coreError(
            failure.code || 'not-started',
            failure.code === 'config-invalid' ? 'Consentry: the config is invalid: see the error above' : failure.message,
          )
        : coreError('not-started', 'Consentry: not started yet; call init(config) first');
    }
  }

  /** A category name or a list of them, as a list; anything else throws. */
  function names(list, member) {
    const array = typeof list === 'string' ? [list] : list;
    if (!Array.isArray(array) || !array.every((x) => typeof x === 'string')) {
      throw badArgument(`Consentry: ${member}() takes a category name or an array of them`);
    }
    return array;
  }

  /** Runs what was queued before the start, in order. */
  function drain(error) {
    while (earlier.length) {
      const fn = earlier.shift();
      if (typeof fn === 'function') shell.run(fn, error);
    }
  }

  /** The start failed: queued functions run with `(api, error)`; the API grants nothing. */
  function failed(error) {
    if (shell.ready || failure) return;
    failure = error;
    if (stub) stub.f(); // what waits on a held request fails now
    drain(error);
  }

  const api = {
    [MARK]: true,
    /** Starts with `config` (an object) or, without one, the #consentry-config tag. */
    init(config) {
      if (!starting) {
        starting = start(config, {
          trackers: stub ? stub.t : undefined,
          wasm: stub ? stub.w : undefined,
          started() {
            drain();
            emit('ready', api);
          },
          failed,
        });
      }
      return starting;
    },
    /** Synchronous and cheap; `false` until a choice exists, and for bad arguments. */
    hasConsent(category, service) {
      // The hot path (tags call this often): two property reads.
      if (service === undefined && typeof category === 'string' && shell.isCategory(category)) {
        return shell.granted(category);
      }
      if (typeof category !== 'string' || (service !== undefined && typeof service !== 'string')) {
        diagnose('strings');
        return false;
      }
      if (shell.ready && !shell.isCategory(category)) {
        diagnose('category', { name: category, categories: shell.settings.categories, call: 'hasConsent' });
        return false;
      }
      return shell.granted(category, service);
    },
    getConsent() {
      return shell.record ? copy(shell.record) : null;
    },
    acceptAll() {
      started();
      shell.decide({ kind: 'acceptAll' });
    },
    rejectAll() {
      started();
      shell.decide({ kind: 'rejectAll' });
    },
    /** Grants exactly these categories (plus the required ones), denies the rest. */
    accept(list) {
      started();
      shell.decide({ kind: 'accept', categories: names(list, 'accept') });
    },
    /** Withdraws these categories, or every optional one. */
    optOut(list) {
      started();
      shell.decide({ kind: 'optOut', categories: list === undefined ? undefined : names(list, 'optOut') });
    },
    show() {
      started();
      shell.show(1);
    },
    showPreferences() {
      started();
      shell.show(2);
    },
    hide() {
      if (shell.core) shell.hide();
    },
    /** The category `url` needs before it may load (tracker table, blocking.hosts, blocking.unknown), or null. */
    categoryFor(url) {
      started();
      return categoryForUrl(shell.core, String(url));
    },
    /** Forgets the stored choice and asks again. */
    reset() {
      started();
      shell.reset();
    },
    /** `handler(detail)` for `ready`, `consent`, `change`, `show`, `hide`; returns an unsubscribe function. */
    on(event, handler) {
      if (!EVENTS.includes(event)) {
        throw badArgument(`Consentry: on(): unknown event "${event}"; use ${EVENTS.join(', ')}`);
      }
      if (typeof handler !== 'function') throw badArgument('Consentry: on() takes a handler function');
      const off = on(event, handler);
      if (event === 'ready' && shell.ready) shell.run(handler);
      return off;
    },
    /** Runs `fn(api)` now if `category` is granted, else once it is. */
    whenGranted(category, fn) {
      if (typeof category !== 'string' || typeof fn !== 'function') {
        throw badArgument('Consentry: whenGranted(category, fn) takes a category name and a function');
      }
      if (shell.ready && !shell.isCategory(category)) {
        throw coreError('unknown-category', `Consentry: whenGranted(): unknown category "${category}"`);
      }
      shell.whenGranted(category, fn);
    },
    /** Runs `fn(api)` now if started, else once started (the stub's queue contract). */
    push(fn) {
      if (typeof fn !== 'function') throw badArgument('Consentry: push() takes a function');
      if (shell.ready) shell.run(fn);
      else if (failure) fn(api, failure);
      else append(earlier, fn);
    },
  };
  shell.connect(api, stub);
  // Nothing started the core by the time the page loaded: no config tag (or
  // a wrong id) and no init() call. (Loaded after that, nothing is said.)
  if (win && document.readyState !== 'complete') win.addEventListener('load', () => starting || diagnose('start'));
  return api;
}
