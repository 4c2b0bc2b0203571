// Activation of held markup, as a page writes it:
//
// * <script type="text/plain" data-category> (inline, `src` or `data-src`;
//   `data-type="module"` for modules) becomes a live script;
// * img, iframe, video/audio/source, link and any element with `data-src`,
//   `data-srcset`, `data-poster` or `data-href` get the real attribute
//   (media elements reload their sources);
// * `data-service` narrows the grant to one service of the category;
// * `data-category="!marketing"` is a fallback: it activates only after a
//   choice that denies marketing (as in vanilla-cookieconsent);
// * an element with `data-src` and no `data-category` is held when its URL
//   is a tracker (the core's matcher: data/trackers.json as the stub hands
//   it over, the config's `blocking.hosts` and `blocking.unknown`), in the
//   category it names.
// * the stub rewrites tracker elements of HTML strings (innerHTML,
//   document.write, ...) to this same convention: `data-src`, `data-srcset`,
//   `data-poster`, `data-href`, `data-data` (object), `data-srcdoc`.
//
// Scripts run in document order, and an external script that is not `async`
// finishes loading before the next held script is inserted, so an inline
// gtag('config') runs after its gtag.js. Elements added later (SPAs) are
// handled by a MutationObserver. A held iframe, or any held element with
// `data-placeholder`, shows a placeholder: it names the service and offers
// "Load once" (this element only, nothing recorded) and "Always allow"
// (a decision).
//
// Activated elements are kept in a private WeakSet, and handed to the stub
// through the interface it gave the core alone (claimStub): no attribute a
// page could set or a clone could copy lets anything through.
import { fillShadow } from './dialog.js';
import { diagnose, report } from './page.js';

/** On a held element that has a placeholder (its previous sibling). */
const HELD = 'data-consentry-held';
/** On the placeholder's host element. */
const MARK = 'data-consentry-placeholder';
const CANDIDATES = '[data-category],[data-src]';
/** Attributes that describe the holding, not the script. */
const OURS = ['type', 'data-category', 'data-service', 'data-type', 'data-src'];
/** `data-*` attributes that hold a URL attribute until activation. */
const HELD_URLS = [
  ['data-src', 'src'],
  ['data-srcset', 'srcset'],
  ['data-poster', 'poster'],
  ['data-href', 'href'],
  ['data-data', 'data'],
  ['data-srcdoc', 'srcdoc'],
];
/**
 * The longest stretch of activation in one task: the rest goes on in a new
 * task, so a page with many held scripts gets no long task (over 50 ms) from
 * us. Small, because the task that grants also carries the decision, the
 * dialog closing and the observers' callbacks.
 */
const SLICE_MS = 8;
/**
 * On the page's first decision, how long the stub's releases wait at most
 * for the first held script to load (they follow it: see apply()).
 */
const FIRST_SCRIPT_MS = 100;

/**
 * The stub's private interface (see js/stub.js), claimed once: `null`
 * without a stub. A stub whose interface another script claimed first
 * cannot be told anything: its holds stay (fail closed), and the console
 * says why.
 */
export function claimStub() {
  const stub = typeof window === 'undefined' ? undefined : window.__cyStub;
  if (!stub || typeof stub.k !== 'function') return null;
  const claimed = stub.k();
  if (!claimed) diagnose('claimed');
  return claimed || 0; // 0: there is a stub, not ours to tell (said here, not again)
}

/**
 * The placeholder chunk (js/placeholder.js), fetched when the page first
 * holds an embed; null if it could not be (said once): the placeholders
 * then stay empty boxes and their embeds held (fail closed).
 */
let placeholderChunk = null;
function placeholderContent() {
  if (!placeholderChunk) {
    placeholderChunk = import('./placeholder.js').catch((error) => {
      report(error);
      return null;
    });
  }
  return placeholderChunk;
}

/** `url` as the browser reads it (against the document's base), or null. */
function parsed(url) {
  try {
    return new URL(url, document.baseURI);
  } catch {
    return null;
  }
}

/** The category `url` needs (the core's rule, on the browser's reading of it), or null. */
export function categoryForUrl(core, url) {
  const u = parsed(url);
  return (u && core.categoryFor(u.protocol, u.hostname, u.pathname)) || null;
}

/**
 * The page's held markup, driven by `core` (the wasm Core: grants, tracker
 * table, texts). `allow(category)` records an "Always allow" decision;
 * `stub` is the stub's private interface, or null; `known` has the config's
 * categories as own properties (a placeholder offers "Always allow" only
 * for one of them); `audit()` has the markup that cannot work (a
 * data-category naming none, a data-category script without
 * type="text/plain") named on the console.
 */
export function createActivation(core, allow, stub, known, audit) {
  let decided = false; // a record exists
  // The stub was told to hold everything (r()) and has not been told a
  // decision since: letting the first held script go before telling it
  // then holds nothing back that the decision withdraws.
  let stubHolds = false;
  let generation = 0; // of the decisions applied and resets: a late telling of the stub must be the current one's
  const ran = new Set(); // categories something ran for on this page (core or stub)
  const done = new WeakSet(); // elements activated here
  const queue = []; // released scripts still to run, in document order
  let busy = false; // the script loading at the head of the line, or the timer of the next slice

  /** Marks `e` as activated: here, and for the stub, whose guards then let its URLs through. */
  function activated(e) {
    done.add(e);
    if (stub) stub.a(e);
  }

  function categoryOf(e) {
    const named = e.getAttribute('data-category');
    if (named !== null) return named;
    const url = e.getAttribute('data-src');
    return url === null ? undefined : categoryForUrl(core, url) ?? undefined;
  }

  function isGranted(e, category) {
    if (!decided) return false;
    if (category[0] === '!') return !core.hasConsent(category.slice(1));
    const service = e.getAttribute('data-service');
    return core.hasConsent(category, service ? service : undefined);
  }

  /**
   * Activates everything the record grants, in document order, scripts
   * first: the first held script is inserted (and its fetch begun) before
   * `between()` and before the URLs of images and embeds are put in place
   * (through `later(fn)`, if given), which for an iframe means starting a
   * navigation. Placeholders on what stays held.
   */
  function sync(between, later = (fn) => fn()) {
    const began = Date.now();
    let odd = false; // markup that cannot work: audit() names it
    const others = []; // granted elements that are not scripts, released after the first script
    for (const e of document.querySelectorAll(CANDIDATES)) {
      if (done.has(e)) continue;
      const script = e.tagName === 'SCRIPT';
      const named = e.getAttribute('data-category');
      if (script && e.getAttribute('type') !== 'text/plain') {
        odd ||= named !== null; // a live script ran already: held, it would have type="text/plain"
        continue;
      }
      if (named !== null && known[named.replace('!', '')] !== true) odd = true;
      const category = categoryOf(e);
      if (category == null) continue;
      if (isGranted(e, category)) {
        if (category[0] !== '!') ran.add(category);
        if (script) {
          release(e);
          queue.push(e);
        } else {
          others.push(e);
        }
      } else if ((e.tagName === 'IFRAME' || e.hasAttribute('data-placeholder')) && !e.hasAttribute(HELD) && category[0] !== '!') {
        hold(e, category);
      }
    }
    if (!busy) runScripts(began);
    if (between) between();
    // (A scan meanwhile may have released one of them already.)
    later(() => others.forEach((e) => done.has(e) || release(e)));
    if (odd) audit();
  }

  /**
   * Lets one held element through: marks it (first: the stub lets marked
   * elements' URLs through, and a second grant cannot run it twice), removes
   * its placeholder and, for anything but a script, puts its URLs in place.
   */
  function release(e) {
    activated(e);
    unhold(e);
    if (e.tagName === 'SCRIPT') return;
    moveUrls(e);
    if (e.tagName === 'VIDEO' || e.tagName === 'AUDIO' || e.tagName === 'PICTURE') {
      for (const source of e.querySelectorAll('[data-src],[data-srcset]')) {
        activated(source);
        moveUrls(source);
      }
      if (e.load) e.load();
    } else if (e.tagName === 'SOURCE' && e.parentElement && e.parentElement.load) {
      e.parentElement.load();
    }
  }

  function moveUrls(e) {
    for (const [from, to] of HELD_URLS) {
      const url = e.getAttribute(from);
      if (url !== null) e.setAttribute(to, url);
    }
  }

  /**
   * Replaces the released scripts with live ones, in order; waits for an
   * external one that is not async before going on, and yields after
   * SLICE_MS. One queue for the page: scripts the parser (or page code)
   * adds while one is loading wait behind it, so an inline snippet never
   * runs before the library above it.
   */
  function runScripts(began) {
    busy = false;
    for (let first = true; queue.length; first = false) {
      // One script at least per slice: the scan before the first (and on a
      // grant, the decision's own work) may have used the slice up, and the
      // first held script would then wait behind every task the page queued.
      if (!first && Date.now() - began > SLICE_MS) {
        // Without a timer nothing more runs: held stays held (fail closed).
        busy = setTimeout(() => runScripts(Date.now()));
        return;
      }
      const held = queue.shift();
      const live = liveCopy(held);
      // (A held script removed meanwhile is not inserted: nothing to wait for.)
      busy = live.src !== '' && !held.hasAttribute('async') && held.isConnected && live;
      if (busy) {
        live.async = false;
        // The priority the parser gives a script that blocks it (a script
        // inserted by code gets a low one, and a low-priority request waits
        // behind images and the other released scripts): docs/fast-path.md
        // does the same.
        if (!live.hasAttribute('fetchpriority') && !held.hasAttribute('defer')) live.fetchPriority = 'high';
        // Listeners, not onload/onerror: those would replace the page's own
        // onload="..." the live copy carries.
        const next = () => busy === live && runScripts(Date.now());
        live.addEventListener('load', next);
        live.addEventListener('error', next);
      }
      held.replaceWith(live);
      if (busy) return;
    }
  }

  /** A new <script> carrying the held one's attributes and text. */
  function liveCopy(held) {
    const live = document.createElement('script');
    activated(live); // first, so that the stub lets its src through
    for (const attr of held.attributes) {
      if (!OURS.includes(attr.name)) live.setAttribute(attr.name, attr.value);
    }
    const src = held.getAttribute('data-src');
    if (src !== null) live.setAttribute('src', src);
    const kind = held.getAttribute('data-type');
    if (kind !== null) live.type = kind;
    // `nonce` is hidden from getAttribute once the page has loaded; carry
    // the property so CSP-nonced scripts still run.
    if (held.nonce) live.nonce = held.nonce;
    live.text = held.textContent;
    return live;
  }

  /** Hides `e` behind a placeholder sized like it (once; HELD marks it), filled by the placeholder chunk. */
  function hold(e, category) {
    const host = document.createElement('div');
    host.setAttribute(MARK, '');
    const cls = e.getAttribute('class');
    if (cls !== null) host.setAttribute('class', cls);
    // Through the CSSOM: a strict CSP (style-src without 'unsafe-inline')
    // blocks setAttribute('style'), not this.
    if (e.style && e.style.cssText) host.style.cssText = e.style.cssText;
    for (const name of ['width', 'height']) {
      const value = e.getAttribute(name);
      if (value !== null) host.style.setProperty(name, /^\d+$/.test(value.trim()) ? value.trim() + 'px' : value.trim());
    }
    e.before(host);
    e.setAttribute(HELD, '');
    e.style.setProperty('display', 'none', 'important');
    const loadOnce = () => {
      release(e);
      if (e.tagName === 'SCRIPT') {
        queue.push(e);
        if (!busy) runScripts(Date.now());
      }
    };
    placeholderContent().then((chunk) => {
      // Released meanwhile: its placeholder is gone, nothing to fill.
      if (chunk && host.isConnected) chunk.fillPlaceholder(host, e, category, { core, fillShadow, parsed, loadOnce, allow, known });
    });
  }

  /**
   * Runs `fn` once, when the held external script now loading at the head
   * of the line has loaded or failed, or FIRST_SCRIPT_MS on, whichever comes
   * first; at once when none is loading.
   */
  function afterFirstScript(fn) {
    let done = false;
    const once = () => done || ((done = true), fn());
    if (!busy || !busy.addEventListener) return once();
    busy.addEventListener('load', once);
    busy.addEventListener('error', once);
    setTimeout(once, FIRST_SCRIPT_MS);
  }

  /** No choice: nothing more is activated, the stub holds everything, and a telling of it still pending is void. */
  function holdAll() {
    decided = false;
    generation++;
    stubHolds = true;
    if (stub) stub.r();
  }

  /** Removes `e`'s placeholder and shows `e` again. */
  function unhold(e) {
    if (!e.hasAttribute(HELD)) return;
    e.removeAttribute(HELD);
    e.style.removeProperty('display');
    const host = e.previousElementSibling;
    if (host && host.hasAttribute(MARK)) host.remove();
  }

  return {
    /**
     * Starts watching for elements added later; `scan`: puts placeholders
     * on held embeds now (not when apply() follows at once, which scans).
     */
    start(scan) {
      new MutationObserver(() => sync()).observe(document.documentElement, { childList: true, subtree: true });
      if (scan) {
        holdAll(); // no choice: the stub holds (also what a head start let through)
        sync();
      }
    },
    /**
     * Applies the current record (`granted`: its granted categories): tells
     * the stub, reloads when a withdrawn category already ran and `reload`
     * is set, else activates what it grants.
     */
    apply(granted, reload, later) {
      decided = true;
      const current = ++generation;
      // (Late, only while no later decision or reset took over.)
      const tellStub = () => {
        if (current !== generation) return;
        stubHolds = false;
        const released = stub ? stub.d(granted.slice()) : [];
        if (Array.isArray(released)) for (const c of released) if (typeof c === 'string') ran.add(c);
      };
      // The first decision after the stub held everything: what the stub
      // held (the scripts, pixels and requests of snippets that already
      // ran) follows the markup's first held script, once that has loaded
      // (at most FIRST_SCRIPT_MS on): their fetches and compiles competed
      // with it (the bench's shop page, click → held scripts ran, median
      // of 6 runs: 46 → 36 ms). Holding them meanwhile lets nothing
      // through that the decision withdraws. With reloadOnWithdraw the
      // stub's answer (what it let through) is needed first.
      if (stubHolds && !reload) return sync(() => afterFirstScript(() => stubHolds && tellStub()), later);
      tellStub();
      if (reload && [...ran].some((c) => !granted.includes(c))) {
        location.reload();
        return;
      }
      sync(undefined, later);
    },
    /** The choice is gone (reset, another tab, expiry): nothing more is activated, and the stub holds again. */
    reset: holdAll,
    afterFirstScript,
  };
}
