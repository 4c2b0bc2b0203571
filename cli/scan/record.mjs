// What one browser context does, as it happens: every request (with its
// initiator), who wrote each cookie and storage key (script URL or response),
// and, per visit, the cookie jar and the page's storage.
import { siteOf } from './site.mjs';

// Consentry's stub wraps the DOM and request APIs, so it is on the stack of
// whatever a page script inserts or requests; the script that asked is the
// next frame down.
const STUB_FILE = /\/consentry-stub(\.min)?\.js(\?|$)/;

// Runs before any page script: records who writes a cookie, a storage key or
// opens an IndexedDB database — the first http(s) script on the call stack,
// which for inline code is the page itself. The values are not recorded.
const HOOK = `(() => {
  const STUB = ${STUB_FILE};
  const from = () => {
    const urls = String(new Error().stack || '').match(/https?:\\/\\/[^\\s()]+?(?=:\\d+:\\d+)/g) || [];
    return urls.find((u) => !STUB.test(u)) || '';
  };
  // A write that expires the cookie deletes it: not "who sets it".
  const deletes = (v) => {
    if (/;\\s*max-age=\\s*(-|0+\\s*(;|$))/i.test(v)) return true;
    const expires = /;\\s*expires=([^;]*)/i.exec(v);
    return Boolean(expires) && Date.parse(expires[1]) < Date.now();
  };
  const note = (kind, name) => {
    try { const f = window.__consentryScanNote; if (typeof f === 'function') f(kind, String(name), from()); } catch (e) {}
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (cookie && cookie.set) {
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      enumerable: cookie.enumerable,
      get() { return cookie.get.call(this); },
      set(v) { if (!deletes(String(v))) note('cookie', String(v).split(';')[0].split('=')[0].trim()); return cookie.set.call(this, v); },
    });
  }
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    note(this === window.sessionStorage ? 'sessionStorage' : 'localStorage', key);
    return setItem.call(this, key, value);
  };
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (name) {
    note('indexedDB', name);
    return open.apply(this, arguments);
  };
})();`;

/** The initiator CDP reports: its kind and the URL of the document or script. */
function describeInitiator(initiator) {
  if (!initiator) return { type: 'other', url: '' };
  let url = '';
  for (let stack = initiator.stack; !url && stack; stack = stack.parent) {
    url = (stack.callFrames || []).map((f) => f.url).find((u) => /^https?:/.test(u) && !STUB_FILE.test(u)) || '';
  }
  return { type: initiator.type || 'other', url: url || initiator.url || '' };
}

/** The host of the document that called the binding (a script's cookie is that host's). */
function pageHost(source) {
  try {
    return new URL(source.frame.url()).hostname;
  } catch {
    return '';
  }
}

/** CDP's initiator, else (or when it names no URL) the requesting frame. */
const initiatorOf = (cdp, frameUrl) => (cdp && cdp.url ? cdp : { type: cdp ? cdp.type : 'frame', url: frameUrl });

/**
 * Instruments `context` for a pass on the site at `origin`. Returns a
 * recorder: `page` (one page for the whole pass), `visit(url)`, `idle()`,
 * `writers` (who wrote what), `since(mark)` (requests after a mark).
 */
export async function record(context, origin, { timeout }) {
  const site = siteOf(new URL(origin).hostname);
  const writers = [];
  const requests = [];
  const unresolved = [];
  let inflight = 0;
  let lastActivity = Date.now();
  let current = null;

  await context.exposeBinding('__consentryScanNote', (source, kind, name, url) => {
    writers.push({ kind, name, via: 'script', url: url || source.frame?.url?.() || '', page: current?.url || '', host: pageHost(source) });
  });
  await context.addInitScript({ content: HOOK });

  const page = await context.newPage();
  const initiators = new Map();
  try {
    const cdp = await context.newCDPSession(page);
    cdp.on('Network.requestWillBeSent', (e) => {
      if (!initiators.has(e.request.url)) initiators.set(e.request.url, describeInitiator(e.initiator));
    });
    await cdp.send('Network.enable');
  } catch {
    // Not Chromium's protocol: initiators fall back to the requesting frame.
  }

  const activity = () => {
    lastActivity = Date.now();
  };
  context.on('request', (request) => {
    inflight++;
    activity();
    let url;
    try {
      url = new URL(request.url());
    } catch {
      return;
    }
    if (!/^https?:$/.test(url.protocol) || siteOf(url.hostname) === site) return;
    let frameUrl = '';
    try {
      frameUrl = request.frame().url();
    } catch {
      // service-worker requests have no frame
    }
    const entry = {
      url: url.origin + url.pathname,
      host: url.hostname,
      type: request.resourceType(),
      initiator: null,
      page: current?.url || '',
      at: Date.now(),
    };
    // Our CDP session may hear of the request after Playwright does: the
    // initiator is looked up once the network is quiet (idle()).
    unresolved.push([entry, request.url(), frameUrl]);
    requests.push(entry);
    current?.requests.push(entry);
  });
  const done = () => {
    inflight = Math.max(0, inflight - 1);
    activity();
  };
  context.on('requestfinished', done);
  context.on('requestfailed', done);
  context.on('response', async (response) => {
    try {
      const lines = (await response.headersArray()).filter((h) => h.name.toLowerCase() === 'set-cookie');
      for (const h of lines) {
        for (const line of h.value.split('\n')) {
          writers.push({ kind: 'cookie', name: line.split(';')[0].split('=')[0].trim(), via: 'header', url: response.url(), page: current?.url || '' });
        }
      }
    } catch {
      // the page went away first
    }
  });

  /** Resolves once no request has been in flight for `quiet` ms (at most `max` ms),
   * with the initiators of the requests so far filled in. */
  async function idle(quiet = 500, max = 10000) {
    const until = Date.now() + max;
    let quietNow = false;
    while (Date.now() < until && !quietNow) {
      quietNow = inflight === 0 && Date.now() - lastActivity >= quiet;
      if (!quietNow) await new Promise((ok) => setTimeout(ok, 50));
    }
    for (const [entry, key, frameUrl] of unresolved.splice(0)) entry.initiator = initiatorOf(initiators.get(key), frameUrl);
    return quietNow;
  }

  /** Loads `url`, waits for the network to settle, reads links, storage and cookies. */
  async function visit(url) {
    const rec = { url, status: null, requests: [], links: [], storage: { localStorage: [], sessionStorage: [], indexedDB: [] } };
    current = rec;
    try {
      const response = await page.goto(url, { waitUntil: 'load', timeout });
      rec.status = response ? response.status() : null;
    } catch (e) {
      rec.error = String(e.message || e).split('\n')[0];
    }
    await idle();
    rec.finalUrl = page.url();
    rec.links = await page.$$eval('a[href]', (as) => as.map((a) => a.href)).catch(() => []);
    rec.storage = await readStorage(page);
    rec.cookies = await context.cookies().catch(() => []);
    rec.at = Date.now();
    return rec;
  }

  return { page, visit, idle, writers, requests, setCurrent: (rec) => (current = rec) };
}

/** The main frame's localStorage and sessionStorage keys and IndexedDB names. */
export function readStorage(page) {
  return page
    .evaluate(async () => {
      const keys = (s) => {
        try {
          return Object.keys(s);
        } catch {
          return [];
        }
      };
      let databases = [];
      try {
        databases = (await indexedDB.databases()).map((d) => d.name);
      } catch {
        // no IndexedDB (opaque origin)
      }
      return { origin: location.origin, localStorage: keys(localStorage), sessionStorage: keys(sessionStorage), indexedDB: databases };
    })
    .catch(() => ({ origin: '', localStorage: [], sessionStorage: [], indexedDB: [] }));
}
