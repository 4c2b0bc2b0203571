// A TCF site for the e2e tests: the config, the page (both stubs, the
// config tag before them, the module entry) and the fixture vendor list
// (tests/fixtures/tcf/gvl-24-vendors.json, 24 vendors) served at /gvl.json.
import { readFile } from 'node:fs/promises';

export const GVL_TEXT = await readFile(new URL('../fixtures/tcf/gvl-24-vendors.json', import.meta.url), 'utf8');
export const GVL = JSON.parse(GVL_TEXT);
export const VENDORS = Object.keys(GVL.vendors).map(Number);
export const CMP_ID = 300;
export const CMP_VERSION = 3;
export const GOOGLE = [89, 2822];

export function tcfConfig(extra = {}) {
  return {
    revision: 1,
    categories: { necessary: { required: true }, analytics: {}, marketing: {} },
    tcf: {
      cmpId: CMP_ID,
      cmpVersion: CMP_VERSION,
      gvl: '/gvl.json',
      vendors: VENDORS,
      publisherCountryCode: 'DE',
      googleAdditionalConsent: GOOGLE,
      enableAdvertiserConsentMode: true,
      ...extra,
    },
  };
}

/** The page: config, the two stubs, the entry, then `head` (a tag's early __tcfapi calls). */
export function tcfPage(config = tcfConfig(), head = '', body = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>tcf test</title>
<script type="application/json" id="consentry-config">${JSON.stringify(config)}</script>
<script src="/consentry/consentry-stub.js"></script>
<script src="/consentry/consentry-tcf-stub.js"></script>
<script type="module" src="/consentry/consentry.js"></script>
${head}</head><body><h1>tcf test page</h1>${body}</body></html>`;
}

/** Serves the page at `path` and the vendor list at /gvl.json (`gvlText` to serve another). */
export async function serveTcf(context, origin, path, html, gvlText = GVL_TEXT) {
  await context.route(`${origin}${path}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  await context.route(`${origin}/gvl.json`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: gvlText }),
  );
}

/** getTCData through the page's __tcfapi (a promise of {data, success}). */
export function getTCData(page, vendorIds) {
  return page.evaluate(
    (ids) => new Promise((ok) => window.__tcfapi('getTCData', 2, (data, success) => ok({ data, success }), ids)),
    vendorIds,
  );
}
