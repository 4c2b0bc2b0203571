// A vendor in a cross-origin frame, as the IAB's frame interface serves it
// (js/iab/frame-api.js is the page's side, in both the TCF and GPP stubs):
// it finds the `__<api>Locator` frame up its parents, posts `__<api>Call`
// messages and hears `__<api>Return`. One page for both APIs' tests.

/**
 * Frames a vendor page from another origin (localhost, the page being on
 * 127.0.0.1) into `page`; it posts each of `messages` to the CMP's window
 * as it is (an object, or already JSON text). Resolves with its answers
 * by callId once it has one for each.
 */
export async function framedVendorAnswers(context, page, origin, api, messages) {
  const frameOrigin = origin.replace('127.0.0.1', 'localhost');
  await context.route(
    (url) => url.origin === frameOrigin,
    (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: `<!doctype html><title>vendor</title><script>
        var f = window, cmp = null;
        while (f) { try { if (f.frames.__${api}Locator) { cmp = f; break; } } catch (e) {} f = f === f.parent ? null : f.parent; }
        var messages = ${JSON.stringify(messages)};
        var answers = {};
        window.addEventListener('message', function (e) {
          var d = typeof e.data === 'string' ? JSON.parse(e.data) : e.data;
          if (d && d.__${api}Return) answers[d.__${api}Return.callId] = d.__${api}Return;
          if (Object.keys(answers).length === messages.length) parent.postMessage({ vendorSaw: answers }, '*');
        });
        messages.forEach(function (m) { cmp.postMessage(m, '*'); });
      </script>`,
      }),
  );
  return page.evaluate(
    (src) =>
      new Promise((ok) => {
        window.addEventListener('message', (e) => e.data && e.data.vendorSaw && ok(e.data.vendorSaw));
        const frame = document.createElement('iframe');
        frame.src = src;
        document.body.append(frame);
      }),
    `${frameOrigin}/vendor.html`,
  );
}
