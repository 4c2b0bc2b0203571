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
//   is a tracker (the core's table: data/trackers.json and the config's
//   `blocking.hosts`), in the category the table names.
//
// Scripts run in document order, and an external script that is not `async`
// finishes loading before the next held script is inserted, so an inline
// gtag('config') runs after its gtag.js. Elements added later (SPAs) are
// handled by a MutationObserver. A held iframe, or any held element with
// `data-placeholder`, shows a placeholder: it names the service and offers
// "Load once" (this element only, nothing recorded) and "Always allow"
// (a decision).
//
// Activated elements carry `data-consentry-done`, which also tells the stub
// that the core let them through.
import placeholderCss from './placeholder.css';
import { fillShadow } from './dialog.js';

const DONE = 'data-consentry-done';
/** On a held element that has a placeholder (its previous sibling). */
const HELD = 'data-consentry-held';
/** On the placeholder's host element. */
const MARK = 'data-consentry-placeholder';
const CANDIDATES = '[data-category]:not([' + DONE + ']),[data-src]:not([' + DONE + '])';
/** Attributes that describe the holding, not the script. */
const OURS = ['type', 'data-category', 'data-service', 'data-type', 'data-src', DONE];
/** `data-*` attributes that hold a URL attribute until activation. */
const HELD_URLS = [
  ['data-src', 'src'],
  ['data-srcset', 'srcset'],
  ['data-poster', 'poster'],
  ['data-href', 'href'],
];
/** Static placeholder markup; the texts are set as text afterwards. */
const PLACEHOLDER =
  '<div class=p role=group aria-labelledby=m><p id=m></p><div class=r>' +
  '<button type=button aria-describedby=m></button><button type=button aria-describedby=m></button></div></div>';
/**
 * The longest stretch of activation in one task: the rest goes on in a new
 * task, so a page with many held scripts gets no long task (over 50 ms) from
 * us. Small, because the task that grants also carries the decision, the
 * dialog closing and the observers' callbacks.
 */
const SLICE_MS = 8;

/**
 * The page's held markup, driven by `core` (the wasm Core: grants, tracker
 * table, texts). `allow(category)` records an "Always allow" decision.
 */
export function createActivation(core, allow) {
  let decided = false; // a record exists
  const ran = new Set(); // categories something ran for on this page (core or stub)

  function categoryOf(e) {
    const named = e.getAttribute('data-category');
    if (named !== null) return named;
    const url = e.getAttribute('data-src');
    return url === null ? undefined : core.categoryFor(url);
  }

  function isGranted(e, category) {
    if (!decided) return false;
    if (category[0] === '!') return !core.hasConsent(category.slice(1));
    const service = e.getAttribute('data-service');
    return core.hasConsent(category, service ? service : undefined);
  }

  /** Activates everything the record grants, in document order; placeholders on what stays held. */
  function sync() {
    const began = Date.now();
    const scripts = [];
    for (const e of document.querySelectorAll(CANDIDATES)) {
      const script = e.tagName === 'SCRIPT';
      if (script && e.getAttribute('type') !== 'text/plain') continue; // a live script ran already
      const category = categoryOf(e);
      if (category == null) continue;
      if (isGranted(e, category)) {
        if (category[0] !== '!') ran.add(category);
        release(e);
        if (script) scripts.push(e);
      } else if ((e.tagName === 'IFRAME' || e.hasAttribute('data-placeholder')) && !e.hasAttribute(HELD) && category[0] !== '!') {
        hold(e, category);
      }
    }
    runScripts(scripts, began);
  }

  /**
   * Lets one held element through: marks it (first: the stub lets marked
   * elements' URLs through, and a second grant cannot run it twice), removes
   * its placeholder and, for anything but a script, puts its URLs in place.
   */
  function release(e) {
    e.setAttribute(DONE, '');
    unhold(e);
    if (e.tagName === 'SCRIPT') return;
    moveUrls(e);
    if (e.tagName === 'VIDEO' || e.tagName === 'AUDIO' || e.tagName === 'PICTURE') {
      for (const source of e.querySelectorAll('[data-src],[data-srcset]')) {
        source.setAttribute(DONE, '');
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
   * Replaces held scripts with live ones, in order; waits for an external
   * one that is not async before going on, and yields after SLICE_MS.
   */
  function runScripts(queue, began, from = 0) {
    for (let i = from; i < queue.length; i++) {
      if (Date.now() - began > SLICE_MS) {
        // Without a timer nothing more runs: held stays held (fail closed).
        setTimeout(() => runScripts(queue, Date.now(), i));
        return;
      }
      const held = queue[i];
      const live = liveCopy(held);
      const waits = live.src !== '' && !held.hasAttribute('async');
      if (waits) {
        live.async = false;
        let resumed = false;
        live.onload = live.onerror = () => {
          if (!resumed) {
            resumed = true;
            runScripts(queue, Date.now(), i + 1);
          }
        };
      }
      held.replaceWith(live);
      if (waits) return;
    }
  }

  /** A new <script> carrying the held one's attributes and text. */
  function liveCopy(held) {
    const live = document.createElement('script');
    live.setAttribute(DONE, ''); // first, so that the stub lets its src through
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

  /** `template` with each `{name}` replaced. */
  function fill(template, values) {
    return template.replace(/\{(service|category)\}/g, (token, name) => values[name]);
  }

  /** Hides `e` behind a placeholder sized like it (once; HELD marks it). */
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
    const root = fillShadow(host, placeholderCss, PLACEHOLDER);
    const title = core.categoryTitle(category);
    root.querySelector('p').textContent = fill(core.text('placeholderText'), {
      service: core.heldFrom(
        category,
        e.getAttribute('data-service') ?? undefined,
        e.getAttribute('data-src') ?? e.getAttribute('src') ?? undefined,
      ),
      category: title,
    });
    const [once, always] = root.querySelectorAll('button');
    once.textContent = core.text('loadOnce');
    once.onclick = () => {
      release(e);
      if (e.tagName === 'SCRIPT') runScripts([e], Date.now());
    };
    if (core.hasCategory(category)) {
      always.textContent = fill(core.text('alwaysAllow'), { category: title });
      always.onclick = () => allow(category);
    } else {
      always.remove(); // a category the config lacks cannot be granted
    }
    e.before(host);
    e.setAttribute(HELD, '');
    e.style.setProperty('display', 'none', 'important');
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
    /** Starts watching for elements added later and puts placeholders on held embeds. */
    start() {
      new MutationObserver(sync).observe(document.documentElement, { childList: true, subtree: true });
      sync();
    },
    /**
     * Applies the current record (`granted`: its granted categories): tells
     * the stub, reloads when a withdrawn category already ran and `reload`
     * is set, else activates what it grants.
     */
    apply(granted, reload) {
      decided = true;
      const stub = window.__cyStub;
      const released = stub && typeof stub.d === 'function' ? stub.d(granted.slice()) : [];
      if (Array.isArray(released)) for (const c of released) if (typeof c === 'string') ran.add(c);
      if (reload && [...ran].some((c) => !granted.includes(c))) {
        location.reload();
        return;
      }
      sync();
    },
  };
}
