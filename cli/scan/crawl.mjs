// The three passes over the site, each in a fresh browser context (an empty
// cookie jar): no choice (which also discovers the pages, breadth-first over
// same-origin links), then "Accept all" and "Reject all" made through the
// site's own Consentry API, each followed by a visit of every page as a
// returning visitor. Without Consentry on the site only the first pass runs.
import { installHostMap } from './hostmap.mjs';
import { record } from './record.mjs';

export const PASSES = [
  { id: 'none', title: 'No choice', method: null },
  { id: 'accept', title: 'After "Accept all"', method: 'acceptAll' },
  { id: 'reject', title: 'After "Reject all"', method: 'rejectAll' },
];

// Links to these are files, not pages.
const NOT_PAGES = /\.(pdf|zip|gz|tgz|rar|7z|dmg|exe|msi|apk|jpe?g|png|gif|webp|avif|svg|ico|mp[34]|m4a|wav|ogg|webm|mov|avi|woff2?|ttf|eot|css|js|json|xml|rss|atom|txt|csv|xlsx?|docx?|pptx?)$/i;

/** The page URL a link leads to on `origin`, or null (other origin, a file, not http). */
export function pageLink(href, origin) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.origin !== origin || NOT_PAGES.test(url.pathname)) return null;
  url.hash = '';
  return url.href;
}

/** Runs `fn(api)` in the page once Consentry has started; resolves { ok, value | reason }. */
function withApi(page, method) {
  return page
    .evaluate(
      (method) =>
        new Promise((ok) => {
          const c = window.consentry;
          if (!c || typeof c.push !== 'function') return ok({ ok: false, reason: 'no window.consentry on the page' });
          const timer = setTimeout(() => ok({ ok: false, reason: 'Consentry did not start within 10 s' }), 10000);
          c.push((api, failure) => {
            clearTimeout(timer);
            if (failure) return ok({ ok: false, reason: String(failure.message || failure) });
            if (!method) return ok({ ok: typeof api.acceptAll === 'function' });
            try {
              Promise.resolve(api[method]()).then(
                () => ok({ ok: true }),
                (e) => ok({ ok: false, reason: String(e && e.message) }),
              );
            } catch (e) {
              ok({ ok: false, reason: String(e && e.message) });
            }
          });
        }),
      method,
    )
    .catch((e) => ({ ok: false, reason: String(e.message || e).split('\n')[0] }));
}

/** The text of the page's #consentry-config tag, if any. */
const pageConfig = (page) => page.evaluate(() => document.getElementById('consentry-config')?.textContent ?? null).catch(() => null);

/** The consent cookie's name under a config text (default `consentry`). */
export function consentCookieName(configText) {
  try {
    const name = JSON.parse(configText)?.cookie?.name;
    return typeof name === 'string' && name ? name : 'consentry';
  } catch {
    return 'consentry';
  }
}

/**
 * Crawls `start`. `signal` (an AbortSignal) stops it between steps: what was
 * seen is returned with `complete: false`. `progress(event)` hears each step.
 */
export async function crawl({ chromium, executablePath, args, start, maxPages, timeout, hostMap, configText, signal, progress }) {
  const origin = new URL(start).origin;
  const siteHost = new URL(start).hostname;
  // Ctrl-C is ours: Playwright's own handler would exit before the partial report is written.
  const browser = await chromium.launch({ executablePath, args, handleSIGINT: false });
  const onAbort = () => browser.close().catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
  const out = { origin, pages: [], passes: [], consentry: { detected: false }, pageConfigText: null, complete: true };

  const newPass = async (pass) => {
    const context = await browser.newContext();
    await installHostMap(context, hostMap, siteHost);
    const recorder = await record(context, origin, { timeout });
    // In the output from the start, so that an interrupted pass still shows what it saw.
    const data = { id: pass.id, title: pass.title, visits: [], writers: recorder.writers, skipped: false, complete: false };
    out.passes.push(data);
    return { context, recorder, data };
  };

  try {
    // Pass 1: no choice; breadth-first discovery.
    const first = await newPass(PASSES[0]);
    const queue = [pageLink(start, origin) || start];
    const seen = new Set(queue);
    while (queue.length && out.pages.length < maxPages && !signal.aborted) {
      const url = queue.shift();
      progress({ pass: 0, page: out.pages.length, total: Math.min(maxPages, out.pages.length + queue.length + 1), url });
      const visit = await first.recorder.visit(url);
      if (signal.aborted) break;
      out.pages.push(url);
      first.data.visits.push(visit);
      if (out.pages.length === 1) {
        out.pageConfigText = await pageConfig(first.recorder.page);
        out.consentry.detected = (await withApi(first.recorder.page, null)).ok === true;
      }
      for (const href of visit.links) {
        const next = pageLink(href, origin);
        if (next && !seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    first.data.complete = !signal.aborted;
    await first.context.close().catch(() => {});

    const consentName = consentCookieName(configText ?? out.pageConfigText);
    for (const [i, pass] of PASSES.entries()) {
      if (i === 0) continue;
      if (!out.consentry.detected) {
        out.passes.push({ id: pass.id, title: pass.title, skipped: true, reason: 'the site does not run Consentry', visits: [], writers: [] });
        continue;
      }
      if (signal.aborted) break;
      const p = await newPass(pass);
      // The choice, on the first page, through the site's own API.
      progress({ pass: i, page: 0, total: out.pages.length, url: out.pages[0], step: pass.method });
      const before = await p.recorder.visit(out.pages[0]);
      const decision = { url: out.pages[0], method: pass.method, requests: [] };
      p.recorder.setCurrent(decision);
      const result = await withApi(p.recorder.page, pass.method);
      await p.recorder.idle();
      decision.ok = result.ok === true;
      if (!decision.ok) decision.reason = result.reason;
      const jar = await p.context.cookies().catch(() => []);
      const had = new Set(before.cookies.map((c) => `${c.name}|${c.domain}|${c.path}`));
      decision.cookies = jar.filter((c) => !had.has(`${c.name}|${c.domain}|${c.path}`));
      p.data.decision = decision;
      // A returning visitor from here: only the consent cookie is kept, so
      // what follows is what the choice leads to, not what came before it.
      await p.context.clearCookies();
      await p.context.addCookies(jar.filter((c) => c.name === consentName)).catch(() => {});
      await p.recorder.page
        .evaluate(async () => {
          localStorage.clear();
          sessionStorage.clear();
          const dbs = indexedDB.databases ? await indexedDB.databases() : [];
          await Promise.all(dbs.map((d) => new Promise((ok) => Object.assign(indexedDB.deleteDatabase(d.name), { onsuccess: ok, onerror: ok, onblocked: ok }))));
        })
        .catch(() => {});
      p.recorder.writers.length = 0;
      for (const [n, url] of out.pages.entries()) {
        if (signal.aborted) break;
        progress({ pass: i, page: n, total: out.pages.length, url });
        const visit = await p.recorder.visit(url);
        if (signal.aborted) break;
        p.data.visits.push(visit);
      }
      p.data.complete = !signal.aborted;
      await p.context.close().catch(() => {});
    }
  } catch (e) {
    // Ctrl-C closes the browser under whatever step was running.
    if (!signal.aborted) throw e;
  } finally {
    signal.removeEventListener('abort', onAbort);
    out.complete = !signal.aborted;
    await browser.close().catch(() => {});
  }
  return out;
}
