// Other tabs of the site: a decision here is announced on a BroadcastChannel,
// and an announcement from another tab makes this one re-read the cookie.
//
// The announcement carries the consent cookie as the decision wrote it
// (`name=value`, `name=` for a deletion), and the tab that hears it re-reads
// once its own jar shows that pair: a `document.cookie` write reaches the
// browser's cookie store without waiting, so the message can arrive first.
// The cookie stays the only source of the choice; the pair only says how
// long to wait for it. (The deciding tab used to read the jar back before
// posting, which made the write land first but blocked its main thread
// 4–21 ms right after a click, while the first held script was in flight.)

import { jar } from './page.js';

/** How often and how long a tab waits for an announced cookie to reach its jar (then it re-reads anyway). */
const WAIT_EVERY_MS = 20;
const WAIT_TRIES = 25;

let channel = null;

/** Whether this tab's jar shows the cookie `pair` (`name=value`; `name=`: no cookie of that name). */
function jarShows(pair) {
  const eq = pair.indexOf('=');
  const cookies = '; ' + jar() + ';';
  return eq === pair.length - 1 ? !cookies.includes('; ' + pair) : cookies.includes('; ' + pair + ';');
}

/** Runs `then` once the jar shows `pair`, or after the last try (a cookie the browser refused). */
function whenJarShows(pair, then, tries = WAIT_TRIES) {
  if (typeof pair !== 'string' || pair.indexOf('=') < 1 || tries <= 0 || jarShows(pair)) then();
  else setTimeout(() => whenJarShows(pair, then, tries - 1), WAIT_EVERY_MS);
}

/** Listens for other tabs' decisions: `onOtherTab()` runs for each, once the cookie it wrote is here. */
export function connectTabs(onOtherTab) {
  try {
    channel = new BroadcastChannel('consentry');
    channel.onmessage = (event) => whenJarShows(event.data, onOtherTab);
  } catch {
    channel = null; // no BroadcastChannel (old browser, opaque origin): this tab only
  }
}

/**
 * Tells the other tabs that a decision was made here. `written`: the
 * cookie strings the decision wrote; `name`: the consent cookie's name.
 */
export function announceToTabs(written, name) {
  if (!channel) return;
  const pair = written.map((cookie) => cookie.split(';')[0]).find((p) => p.startsWith(name + '='));
  channel.postMessage(pair || '');
}
