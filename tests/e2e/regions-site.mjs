// A regions site for the e2e tests: the config (EU and the UK opt-in,
// California and the rest of the US opt-out, a notice elsewhere), the page
// (config tag, both stubs, the entry; a marketing request the page's own
// script makes at once, and one it makes on demand) and helpers.

export function regionsConfig(extra = {}) {
  return {
    revision: 1,
    categories: {
      necessary: { required: true },
      analytics: {},
      marketing: { sale: true, sharing: true, targetedAds: true, cookies: ['_fbp'] },
      adsonly: { targetedAds: true },
      profile: { sensitive: true },
    },
    regions: { EU: 'opt-in', GB: 'opt-in', 'US-CA': 'opt-out', US: 'opt-out', '*': 'notice' },
    gpp: { sections: ['usnat', 'usca'] },
    ...extra,
  };
}

/** The marketing tracker's request (www.facebook.com is a known marketing host). */
export const PIXEL = 'https://www.facebook.com/tr';

/**
 * The page for `region` (none: no attribute; `where`: 'html', or 'stub'
 * for data-region on the base stub's tag). `head` goes after the stubs.
 */
export function regionsPage({ config = regionsConfig(), region, where = 'html', head = '', body = '', consentMode = false } = {}) {
  const htmlRegion = region !== undefined && where === 'html' ? ` data-consentry-region="${region}"` : '';
  const tagRegion = region !== undefined && where === 'stub' ? ` data-region="${region}"` : '';
  return `<!doctype html><html lang="en"${htmlRegion}><head><meta charset="utf-8"><title>regions test</title>
<script type="application/json" id="consentry-config">${JSON.stringify(config)}</script>
<script src="/consentry/consentry-stub.js"${tagRegion}></script>
<script src="/consentry/consentry-gpp-stub.js"></script>
${consentMode ? '<script src="/consentry/consentry-consent-mode.js"></script>' : ''}
<script type="module" src="/consentry/consentry.js"></script>
<script>
  // A marketing tag that runs at once, and one the test can fire later.
  new Image().src = '${PIXEL}?ev=early';
  window.firePixel = function (tag) { new Image().src = '${PIXEL}?ev=' + tag; };
</script>
${head}</head><body><main><h1>regions test page</h1><p><a href="#" data-consentry="preferences"></a></p>${body}</main></body></html>`;
}

/** Serves `html` at `path`. */
export async function servePage(context, origin, path, html) {
  await context.route(`${origin}${path}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
}

/** The browser sends Global Privacy Control (as Chromium does with the setting on). */
export async function sendGpc(context) {
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });
  });
}

/** The pixel requests among `offsite` (what left the page, aborted by the harness). */
export const pixels = (offsite) => offsite.filter((u) => u.startsWith(PIXEL));

/** The opt-out UI's shadow root, for locators: `#consentry-privacy …` pierces it. */
export const PRIVACY = '#consentry-privacy';

/** The page's errors but the console lines of the pixel requests the harness aborted. */
export const real = (errors) => errors.filter((e) => !e.includes('net::ERR_FAILED'));
