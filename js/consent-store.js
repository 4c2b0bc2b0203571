// The consent state the framework adapters (react.js, vue.js) share.
//
// Once Consentry has started in the page, the answer is the page's
// (`hasConsent`); before that, and on the server, it is what the record
// handed to setServerRecord (or passed to a hook) grants, so the first
// render in the browser (hydration) agrees with the server's. No record:
// nothing is granted.
//
// Only the public API is used: the stub's queue contract (`push`, which
// runs once the core has started, or with the start's error), `on('change')`
// and `hasConsent`. So the adapters need no import of the entry: they work
// with the script-tag setup and with `import consentry from 'consentry'`.
import { recordGrants } from './grants.js';

let api = null; // the started API (or the one whose start failed: it grants nothing)
let serverRecord = null;
let connected = false;
const listeners = new Set();

function notify() {
  for (const listener of [...listeners]) listener();
}

/** Hooks into the page's Consentry (or its queue, until it loads), once. */
function connect() {
  if (connected || typeof window === 'undefined') return;
  connected = true;
  const started = (page) => {
    api = page;
    page.on('change', notify);
    notify();
  };
  try {
    const queue = window.consentry;
    if (queue && typeof queue.push === 'function') queue.push(started);
    else (window.consentry = []).push(started);
  } catch (e) {
    // A page that made window.consentry unusable: nothing is ever granted.
    console.error(e);
  }
}

/**
 * The record the server rendered with (readConsent's answer, passed on to
 * the page), used until Consentry has started; `null` grants nothing. On a
 * server that renders several requests at once, pass the record to each
 * hook or gate instead: this one value is shared by every render.
 */
export function setServerRecord(record) {
  serverRecord = record || null;
  notify();
}

/** `listener()` after every change; returns the unsubscribe function. */
export function subscribe(listener) {
  // On a server nothing changes during a render, and nothing unsubscribes.
  if (typeof window === 'undefined') return () => {};
  connect();
  const entry = () => listener();
  listeners.add(entry);
  return () => {
    listeners.delete(entry);
  };
}

/** What the server rendered with: `record` when given, else the server record. */
export function serverGranted(category, service, record) {
  return recordGrants(record === undefined ? serverRecord : record, category, service == null ? undefined : service);
}

/** The answer now: the page's once started, else the server's. */
export function granted(category, service, record) {
  if (api) return api.hasConsent(category, service == null ? undefined : service);
  return serverGranted(category, service, record);
}
