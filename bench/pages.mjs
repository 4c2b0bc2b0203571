// The benchmark site: one page per product, the same for all four. Same
// categories (necessary, analytics, marketing), same English texts, same held
// scripts (an external "analytics library" and an inline snippet that uses
// it), each held with the product's own documented markup convention.
//
// `buildSite(dir)` copies each product's shipped files and writes the pages
// into `dir`; `serveSite(dir)` serves it on 127.0.0.1 (scripts/serve.mjs).
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serve } from '../scripts/serve.mjs';
import { shopFiles } from './shop.mjs';
import { shopPages } from './shop-pages.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PEERS = fileURLToPath(new URL('./node_modules/', import.meta.url));

/** The texts every product shows (Consentry's own English defaults). */
export const TEXTS = {
  title: 'We value your privacy',
  description:
    'We use cookies and similar technologies to run this site. With your consent we also use them to measure visits and to show relevant ads. You can change your choice at any time.',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  preferences: 'Preferences',
};

export const CATEGORIES = {
  necessary: { title: 'Strictly necessary', description: 'Needed for the site to work: security, your session and this choice. Always on.' },
  analytics: { title: 'Analytics', description: 'Count visits and see how the site is used, so we can improve it.' },
  marketing: { title: 'Marketing', description: 'Show ads that match your interests and measure their effect, also on other sites.' },
};

// The held external script, served at /site/analytics.js. It stands for a
// vendor library in the gtag/_paq style: it drains the command queue that the
// inline snippet may already have filled, then runs later commands at once,
// so the pair works whichever of the two a product runs first.
const ANALYTICS_JS = `(function (w) {
  w.benchLibRuns = (w.benchLibRuns || 0) + 1;
  w.benchLibAt = performance.now();
  var queued = w.benchQ || [];
  w.benchQ = { push: function (fn) { fn(); } };
  for (var i = 0; i < queued.length; i++) queued[i]();
})(window);
`;

// The held inline snippet. Its command sets the marker, which therefore
// exists only once both the library and the snippet have run.
export const INLINE_JS = `window.benchInlineRuns = (window.benchInlineRuns || 0) + 1;
window.benchInlineAt = performance.now();
window.benchQ = window.benchQ || [];
window.benchQ.push(function () { if (window.benchMarker === undefined) window.benchMarker = performance.now(); });`;

const BODY = `<body>
<main>
  <h1>Benchmark page</h1>
  <p>The same page for every consent manager: three categories, one held analytics library and one held inline snippet.</p>
</main>`;

function page(head, body = '') {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Benchmark page</title>
<link rel="icon" href="data:,">
${head}
</head>
${BODY}
${body}
</body>
</html>
`;
}

const json = (value) => JSON.stringify(value, null, 2);

// --- Consentry: stub first, JSON config, the module; data-category markup.
const consentryConfig = {
  revision: 1,
  categories: {
    necessary: { required: true, ...CATEGORIES.necessary },
    analytics: CATEGORIES.analytics,
    marketing: CATEGORIES.marketing,
  },
  texts: {
    en: {
      title: TEXTS.title,
      description: TEXTS.description,
      acceptAll: TEXTS.acceptAll,
      rejectAll: TEXTS.rejectAll,
      preferences: TEXTS.preferences,
    },
  },
};
const consentryPage = page(`<script src="/consentry/consentry-stub.js" data-wasm="/consentry/consentry_core_bg.wasm"></script>
<script type="application/json" id="consentry-config">${json(consentryConfig)}</script>
<script type="module" async src="/consentry/consentry.js"></script>
<script type="text/plain" data-category="analytics" src="/site/analytics.js"></script>
<script type="text/plain" data-category="analytics">${INLINE_JS}</script>`);

// --- vanilla-cookieconsent 3: its CSS in <head>, the UMD build and
// CookieConsent.run() at the end of <body> (its documented set-up), the
// same data-category markup. hideFromBots is turned off: by default it
// shows nothing when navigator.webdriver is true, as it is under automation.
const vanillaConfig = {
  hideFromBots: false,
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {}, marketing: {} },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: TEXTS.title,
          description: TEXTS.description,
          acceptAllBtn: TEXTS.acceptAll,
          acceptNecessaryBtn: TEXTS.rejectAll,
          showPreferencesBtn: TEXTS.preferences,
        },
        preferencesModal: {
          title: 'Privacy preferences',
          acceptAllBtn: TEXTS.acceptAll,
          acceptNecessaryBtn: TEXTS.rejectAll,
          savePreferencesBtn: 'Save preferences',
          closeIconLabel: 'Close',
          sections: Object.entries(CATEGORIES).map(([name, c]) => ({
            title: c.title,
            description: c.description,
            linkedCategory: name,
          })),
        },
      },
    },
  },
};
const vanillaPage = page(
  `<link rel="stylesheet" href="/vanilla/cookieconsent.css">
<script type="text/plain" data-category="analytics" src="/site/analytics.js"></script>
<script type="text/plain" data-category="analytics">${INLINE_JS}</script>`,
  `<script src="/vanilla/cookieconsent.umd.js"></script>
<script>CookieConsent.run(${json(vanillaConfig)});</script>`,
);

// --- Klaro 0.7: config in a global, then klaro.js (CSS and translations
// included) with defer, as its README shows. Held scripts use its
// convention: type="text/plain", data-type, data-name (and data-src).
// Klaro manages services grouped by purpose: one service per category.
const klaroConfig = {
  version: 1,
  lang: 'en',
  acceptAll: true,
  showNoticeTitle: true,
  services: [
    { name: 'necessary', title: CATEGORIES.necessary.title, purposes: ['necessary'], required: true },
    { name: 'analytics', title: CATEGORIES.analytics.title, purposes: ['analytics'] },
    { name: 'marketing', title: CATEGORIES.marketing.title, purposes: ['marketing'] },
  ],
  translations: {
    en: {
      consentNotice: { title: TEXTS.title, description: TEXTS.description, learnMore: TEXTS.preferences },
      ok: TEXTS.acceptAll,
      decline: TEXTS.rejectAll,
      purposes: CATEGORIES, // { title, description } per purpose
    },
  },
};
const klaroPage = page(`<script>var klaroConfig = ${json(klaroConfig)};</script>
<script defer src="/klaro/klaro.js"></script>
<script type="text/plain" data-type="text/javascript" data-name="analytics" data-src="/site/analytics.js"></script>
<script type="text/plain" data-type="text/javascript" data-name="analytics">${INLINE_JS}</script>`);

// --- tarteaucitron 1.34: the minified script and init() in <head>, as its
// README shows; it then loads its language file, its services file and its
// CSS (the .min variants, since the page loads tarteaucitron.min.js). Its
// documented way to hold a custom script is a custom service whose js()
// runs on consent; it loads the external library with addScript and runs
// the inline snippet once the library has loaded. Consent Mode integrations
// (on by default there) are turned off: this page has no Google, Bing or
// Piano tags, and no other product here does that work. The service keys
// are siteanalytics/sitemarketing: its services file, loaded after the
// page's script, defines a built-in "analytics" (Google's analytics.js) that
// would replace ours.
const tacText = {
  middleBarHead: TEXTS.title,
  alertBigPrivacy: TEXTS.description,
  acceptAll: TEXTS.acceptAll,
  denyAll: TEXTS.rejectAll,
  personalize: TEXTS.preferences,
};
const tacInit = {
  privacyUrl: '',
  googleConsentMode: false,
  bingConsentMode: false,
  pianoConsentMode: false,
};
// The custom service that holds the analytics pair (also on the shop page).
const tacSiteAnalytics = `tarteaucitron.services.siteanalytics = {
  key: 'siteanalytics', type: 'analytic', name: ${JSON.stringify(CATEGORIES.analytics.title)}, needConsent: true, cookies: [],
  js: function () {
    'use strict';
    tarteaucitron.addScript('/site/analytics.js', '', function () {
${INLINE_JS}
    });
  },
};`;
const tacPage = page(
  `<script>var tarteaucitronCustomText = ${json(tacText)};</script>
<script src="/tarteaucitron/tarteaucitron.min.js"></script>
<script>tarteaucitron.init(${json(tacInit)});</script>`,
  `<script>
${tacSiteAnalytics}
tarteaucitron.services.sitemarketing = {
  key: 'sitemarketing', type: 'ads', name: ${JSON.stringify(CATEGORIES.marketing.title)}, needConsent: true, cookies: [],
  js: function () {},
};
(tarteaucitron.job = tarteaucitron.job || []).push('siteanalytics');
tarteaucitron.job.push('sitemarketing');
</script>`,
);

// The realistic page of each product (shop-pages.mjs), from the same pieces.
const SHOP = shopPages({ INLINE_JS, consentryConfig, vanillaConfig, klaroConfig, tacText, tacInit, tacSiteAnalytics });
const shop = (name, file) => ({ page: `/shop/${file}`, html: SHOP[name] });

/**
 * The products, in run order. For each: its page, the npm package whose
 * version is reported, how to find its first-visit dialog (`dialog`, inside
 * the shadow root of `shadowHost` if set), its "Accept all" button (a
 * Playwright selector), and `hasConsent`, the source of a page function that
 * returns a zero-argument function answering "is analytics granted?" the
 * product's documented way. `shop`: the realistic page's path and HTML.
 */
export const PRODUCTS = [
  {
    name: 'Consentry',
    shop: shop('Consentry', 'consentry.html'),
    page: '/consentry.html',
    html: consentryPage,
    package: null,
    shadowHost: '#consentry-dialog',
    dialog: '[role="dialog"]',
    accept: '#consentry-dialog [data-action="accept"]',
    hasConsent: `() => { const api = window.consentry; return () => api.hasConsent('analytics'); }`,
    lookup: "consentry.hasConsent('analytics')",
  },
  {
    name: 'vanilla-cookieconsent',
    shop: shop('vanilla-cookieconsent', 'vanilla.html'),
    page: '/vanilla.html',
    html: vanillaPage,
    package: 'vanilla-cookieconsent',
    dialog: '#cc-main .cm',
    accept: '#cc-main .cm [data-role="all"]',
    hasConsent: `() => { const cc = window.CookieConsent; return () => cc.acceptedCategory('analytics'); }`,
    lookup: "CookieConsent.acceptedCategory('analytics')",
  },
  {
    name: 'Klaro',
    shop: shop('Klaro', 'klaro.html'),
    page: '/klaro.html',
    html: klaroPage,
    package: 'klaro',
    dialog: '#klaro-cookie-notice',
    accept: '#klaro-cookie-notice .cm-btn-success',
    hasConsent: `() => { const m = window.klaro.getManager(); return () => m.getConsent('analytics'); }`,
    lookup: "klaro.getManager().getConsent('analytics')",
  },
  {
    name: 'tarteaucitron',
    shop: shop('tarteaucitron', 'tarteaucitron.html'),
    page: '/tarteaucitron.html',
    html: tacPage,
    package: 'tarteaucitronjs',
    dialog: '#tarteaucitronAlertBig',
    accept: '#tarteaucitronPersonalize2',
    hasConsent: `() => { const state = window.tarteaucitron.state; return () => state.siteanalytics === true; }`,
    lookup: 'tarteaucitron.state.siteanalytics === true (a property; it has no lookup function)',
  },
];

/** The installed version of a peer (or of Consentry's pkg/). */
export async function versionOf(product) {
  const file = product.package ? `${PEERS}${product.package}/package.json` : `${ROOT}pkg/package.json`;
  return JSON.parse(await readFile(file, 'utf8')).version;
}

/**
 * Serves the site in `dir` on a free loopback port, as the bench serves
 * it: compressed with gzip, as hosts serve JS, CSS and wasm (BENCH_GZIP=0:
 * as the files are on disk). Resolves to the server.
 */
export const serveSite = (dir) => serve(dir, 0, undefined, { gzip: process.env.BENCH_GZIP !== '0' });

/** Writes the site into `dir`: products' files under their own folder, the held library under /site/. */
export async function buildSite(dir) {
  await cp(`${ROOT}pkg`, `${dir}/consentry`, { recursive: true });
  await mkdir(`${dir}/vanilla`, { recursive: true });
  for (const f of ['cookieconsent.umd.js', 'cookieconsent.css']) {
    await cp(`${PEERS}vanilla-cookieconsent/dist/${f}`, `${dir}/vanilla/${f}`);
  }
  await mkdir(`${dir}/klaro`, { recursive: true });
  await cp(`${PEERS}klaro/dist/klaro.js`, `${dir}/klaro/klaro.js`);
  await cp(`${PEERS}tarteaucitronjs`, `${dir}/tarteaucitron`, { recursive: true });
  await mkdir(`${dir}/site`, { recursive: true });
  await writeFile(`${dir}/site/analytics.js`, ANALYTICS_JS);
  await mkdir(`${dir}/site/shop`, { recursive: true });
  await mkdir(`${dir}/shop`, { recursive: true });
  for (const [path, body] of Object.entries(shopFiles())) await writeFile(`${dir}${path}`, body);
  for (const p of PRODUCTS) {
    await writeFile(`${dir}${p.page}`, p.html);
    await writeFile(`${dir}${p.shop.page}`, p.shop.html);
  }
}
