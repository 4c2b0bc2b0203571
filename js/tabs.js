// Other tabs of the site: a decision here is announced on a BroadcastChannel,
// and an announcement from another tab makes this one re-read the cookie.

/** `onOtherTab()` runs when another tab decided; returns `{post()}` to announce a decision here. */
export function connectTabs(onOtherTab) {
  let channel = null;
  try {
    channel = new BroadcastChannel('consentry');
    channel.onmessage = onOtherTab;
  } catch {
    channel = null; // no BroadcastChannel (old browser, opaque origin): this tab only
  }
  return {
    post() {
      if (channel) channel.postMessage('change');
    },
  };
}
