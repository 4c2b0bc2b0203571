// Other tabs of the site: a decision here is announced on a BroadcastChannel,
// and an announcement from another tab makes this one re-read the cookie.

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

/** Tells the other tabs that a decision was made here. */
export function announceToTabs() {
  if (channel) channel.postMessage('change');
}
