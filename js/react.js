// consentry/react: consent as React state.
//
//   const analytics = useConsent('analytics');            // boolean
//   <ConsentGate category="marketing" fallback={<p>…</p>}>…</ConsentGate>
//   <ConsentGate category="embeds" service="youtube" placeholder={{ src }}>
//     <iframe src={src} title="Video" />
//   </ConsentGate>
//
// No provider: the hooks read the page's Consentry through its public API
// (consent-store.js). Server rendering and hydration use the server
// snapshot: what the record given by setServerRecord(record) or the
// `record` option/prop grants, nothing without one; after hydration, and
// once the core has started, the page's answer. Plain createElement calls,
// so the file needs no JSX build step; `react` is a peer dependency.
import { Fragment, createElement, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { granted, serverGranted, setServerRecord, subscribe } from './consent-store.js';

export { setServerRecord };

/**
 * Whether `category` (and `service` of it, when given) is granted; re-renders
 * when that changes. `options.record`: the record the server rendered with,
 * for this hook (instead of setServerRecord).
 */
export function useConsent(category, service, options) {
  const record = options ? options.record : undefined;
  return useSyncExternalStore(
    subscribe,
    () => granted(category, service, record),
    () => serverGranted(category, service, record),
  );
}

/**
 * The markup path's held embed, for a gate with `placeholder`: an element
 * written in the page's markup convention (`data-category`, `data-service`,
 * `data-placeholder`, `data-src`) inside a box React leaves alone, so the
 * page's Consentry puts its own placeholder before it, with the same texts
 * and the same "Load this once" / "Always allow" buttons. Activation sets
 * the element's `src` (from `data-src`), which is how a "Load this once"
 * comes back here. The element is made in an effect, so the server's HTML
 * and hydration see the same empty box.
 */
function HeldEmbed({ category, service, src, width, height, className, onLoadOnce }) {
  const box = useRef(null);
  const loadOnce = useRef(onLoadOnce);
  loadOnce.current = onLoadOnce;
  useEffect(() => {
    const host = box.current;
    const held = document.createElement('span');
    held.setAttribute('data-category', category);
    if (service) held.setAttribute('data-service', service);
    held.setAttribute('data-placeholder', '');
    // Names the embed's host in the placeholder; about:blank says nothing,
    // so the placeholder names the service or the category.
    held.setAttribute('data-src', src || 'about:blank');
    if (width != null) held.setAttribute('width', String(width));
    if (height != null) held.setAttribute('height', String(height));
    if (className) held.setAttribute('class', className);
    const released = new MutationObserver(() => {
      if (held.hasAttribute('src')) loadOnce.current();
    });
    released.observe(held, { attributes: true, attributeFilter: ['src'] });
    host.append(held);
    // StrictMode runs this twice: the first element is gone before the
    // page's observer looks, so one placeholder shows.
    return () => {
      released.disconnect();
      host.replaceChildren();
    };
  }, [category, service, src, width, height, className]);
  return createElement('div', { ref: box, 'data-consentry-gate': '' });
}

/**
 * Renders `children` only while `category` (and `service`) is granted, else
 * `fallback` (default nothing). With `placeholder` (true, or `{ src, width,
 * height, className }` of the embed) it shows the page's placeholder for
 * held embeds instead, whose "Load this once" renders the children for
 * this page view. `record`: the record the server rendered with.
 */
export function ConsentGate({ category, service, fallback = null, placeholder, record, children }) {
  const on = useConsent(category, service, { record });
  const [once, setOnce] = useState(false);
  if (on || once) return createElement(Fragment, null, children);
  if (!placeholder) return fallback;
  const embed = placeholder === true ? {} : placeholder;
  return createElement(HeldEmbed, { ...embed, category, service, onLoadOnce: () => setOnce(true) });
}
