// The realistic page (shop.mjs) for each product: the same page, the same
// held analytics pair as the small page (its marker is what "held scripts
// ran" waits for), the vendors' snippets (vendors.mjs), each held the
// product's own documented way:
//
// - Consentry: the stub first in <head>, the JSON config (now with the
//   vendors' cookies listed per category), the module. gtag.js, Hotjar and
//   TikTok annotated with data-category (as www/vendors.html does); GTM,
//   Meta Pixel, Yandex Metrica and LinkedIn left as published: the stub
//   holds the scripts they inject. The YouTube iframe with data-category
//   and data-src (Consentry puts a placeholder over it).
// - vanilla-cookieconsent: every snippet wrapped in
//   <script type="text/plain" data-category>; it does not manage iframes
//   (its docs point to a separate library), so an onConsent/onChange
//   callback sets the iframe's src when marketing is granted; the vendors'
//   cookies in its preferences sections' cookie tables.
// - Klaro: every snippet type="text/plain" data-type="text/javascript"
//   data-name (external ones with data-src), the iframe with data-name and
//   data-src.
// - tarteaucitron: its built-in services for each vendor (gtag,
//   googletagmanager, facebookpixel, metrica, hotjar, linkedininsighttag,
//   tiktok, youtube with its youtube_player div) with the ids in
//   tarteaucitron.user, plus the custom siteanalytics service of the small
//   page for the held pair.
import { shopHtml } from './shop.mjs';
import {
  GA_ID, GTAG_INLINE, GTAG_SRC, GTM_ID, HOTJAR_ID, LINKEDIN_ID, META_ID, META_NOSCRIPT, SNIPPETS, TIKTOK_ID, YM_ID, YOUTUBE_ID, YOUTUBE_SRC,
} from './vendors.mjs';

const json = (value) => JSON.stringify(value, null, 2);

/** The vendors' cookies, per category (for the products' cookie lists). */
const COOKIES = {
  analytics: [
    { name: '_ga', provider: 'Google', purpose: 'Distinguishes visitors', duration: '2 years' },
    { name: '_ga_*', provider: 'Google', purpose: 'Keeps session state', duration: '2 years' },
    { name: '_ym_uid', provider: 'Yandex', purpose: 'Distinguishes visitors', duration: '1 year' },
    { name: '_hj*', provider: 'Hotjar', purpose: 'Session recording', duration: '1 year' },
  ],
  marketing: [
    { name: '_fbp', provider: 'Meta', purpose: 'Ad delivery and measurement', duration: '3 months' },
    { name: 'li_*', provider: 'LinkedIn', purpose: 'Ad measurement', duration: '6 months' },
    { name: '_ttp', provider: 'TikTok', purpose: 'Ad measurement', duration: '13 months' },
  ],
};

const IFRAME_ATTRS = `width="760" height="428" title="YouTube video player" frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen`;

/**
 * Markup for the held pair and the vendor snippets, with `attrs(category)`
 * the product's attributes for a held inline script, `external(category, src)`
 * for a held external one; `plain` true where the product leaves the
 * unannotated snippets as published (Consentry's stub holds what they inject).
 */
function heldMarkup({ pair, attrs, external, plain = false }) {
  const out = [pair, `${external('analytics', GTAG_SRC)}`, `<script ${attrs('analytics')}>\n${GTAG_INLINE}\n</script>`];
  for (const s of SNIPPETS) {
    out.push(plain && !s.annotated ? `<script>\n${s.code}\n</script>` : `<script ${attrs(s.category)}>\n${s.code}\n</script>`);
  }
  return out.join('\n');
}

/** The shop page of each product, by product name. `base`: the small page's pieces (pages.mjs). */
export function shopPages({ INLINE_JS, consentryConfig, vanillaConfig, klaroConfig, tacText, tacInit, tacSiteAnalytics }) {
  // --- Consentry
  const cyConfig = JSON.parse(JSON.stringify(consentryConfig));
  cyConfig.categories.analytics.cookies = COOKIES.analytics;
  cyConfig.categories.marketing.cookies = COOKIES.marketing;
  const cyAttrs = (c) => `type="text/plain" data-category="${c}"`;
  const consentry = shopHtml({
    head: `<script src="/consentry/consentry-stub.js" data-wasm="/consentry/consentry_core_bg.wasm"></script>
<script type="application/json" id="consentry-config">${json(cyConfig)}</script>
<script type="module" async src="/consentry/consentry.js"></script>`,
    held: heldMarkup({
      pair: `<script type="text/plain" data-category="analytics" src="/site/analytics.js"></script>
<script type="text/plain" data-category="analytics">${INLINE_JS}</script>`,
      attrs: cyAttrs,
      external: (c, src) => `<script ${cyAttrs(c)} src="${src}"></script>`,
      plain: true,
    }),
    video: `<iframe ${IFRAME_ATTRS} data-category="marketing" data-src="${YOUTUBE_SRC}"></iframe>`,
    bodyEnd: META_NOSCRIPT,
  });

  // --- vanilla-cookieconsent
  const vcConfig = JSON.parse(JSON.stringify(vanillaConfig));
  for (const section of vcConfig.language.translations.en.preferencesModal.sections) {
    const cookies = COOKIES[section.linkedCategory];
    if (!cookies) continue;
    section.cookieTable = {
      headers: { name: 'Cookie', provider: 'Provider', desc: 'Purpose', duration: 'Duration' },
      body: cookies.map((c) => ({ name: c.name, provider: c.provider, desc: c.purpose, duration: c.duration })),
    };
  }
  const vcAttrs = (c) => `type="text/plain" data-category="${c}"`;
  const vanilla = shopHtml({
    head: `<link rel="stylesheet" href="/vanilla/cookieconsent.css">`,
    held: heldMarkup({
      pair: `<script type="text/plain" data-category="analytics" src="/site/analytics.js"></script>
<script type="text/plain" data-category="analytics">${INLINE_JS}</script>`,
      attrs: vcAttrs,
      external: (c, src) => `<script ${vcAttrs(c)} src="${src}"></script>`,
    }),
    video: `<iframe ${IFRAME_ATTRS} data-category="marketing" data-src="${YOUTUBE_SRC}"></iframe>`,
    bodyEnd: `${META_NOSCRIPT}
<script src="/vanilla/cookieconsent.umd.js"></script>
<script>
function benchEmbeds() {
  if (!CookieConsent.acceptedCategory('marketing')) return;
  document.querySelectorAll('iframe[data-category][data-src]').forEach(function (f) { f.src = f.getAttribute('data-src'); f.removeAttribute('data-src'); });
}
CookieConsent.run(Object.assign(${json(vcConfig)}, { onConsent: benchEmbeds, onChange: benchEmbeds }));
</script>`,
  });

  // --- Klaro
  const klConfig = JSON.parse(JSON.stringify(klaroConfig));
  for (const s of klConfig.services) if (COOKIES[s.name]) s.cookies = COOKIES[s.name].map((c) => c.name.replace('*', ''));
  const klAttrs = (c) => `type="text/plain" data-type="text/javascript" data-name="${c}"`;
  const klaro = shopHtml({
    head: `<script>var klaroConfig = ${json(klConfig)};</script>
<script defer src="/klaro/klaro.js"></script>`,
    held: heldMarkup({
      pair: `<script ${klAttrs('analytics')} data-src="/site/analytics.js"></script>
<script ${klAttrs('analytics')}>${INLINE_JS}</script>`,
      attrs: klAttrs,
      external: (c, src) => `<script ${klAttrs(c)} data-src="${src}"></script>`,
    }),
    video: `<iframe ${IFRAME_ATTRS} data-name="marketing" data-src="${YOUTUBE_SRC}"></iframe>`,
    bodyEnd: META_NOSCRIPT,
  });

  // --- tarteaucitron
  const tac = shopHtml({
    head: `<script>var tarteaucitronCustomText = ${json(tacText)};</script>
<script src="/tarteaucitron/tarteaucitron.min.js"></script>
<script>tarteaucitron.init(${json(tacInit)});</script>`,
    video: `<div class="youtube_player" videoID="${YOUTUBE_ID}" width="760" height="428" theme="dark" rel="1" controls="1" showinfo="1" autoplay="0" mute="0"></div>`,
    bodyEnd: `${META_NOSCRIPT}
<script>
${tacSiteAnalytics}
tarteaucitron.user.gtagUa = '${GA_ID}';
tarteaucitron.user.googletagmanagerId = '${GTM_ID}';
tarteaucitron.user.facebookpixelId = '${META_ID}';
tarteaucitron.user.yandexmetrica = '${YM_ID}';
tarteaucitron.user.hotjarId = ${HOTJAR_ID};
tarteaucitron.user.HotjarSv = 6;
tarteaucitron.user.linkedininsighttag = '${LINKEDIN_ID}';
tarteaucitron.user.tiktokId = '${TIKTOK_ID}';
(tarteaucitron.job = tarteaucitron.job || []).push('siteanalytics');
['gtag', 'googletagmanager', 'facebookpixel', 'metrica', 'hotjar', 'linkedininsighttag', 'tiktok', 'youtube'].forEach(function (s) { tarteaucitron.job.push(s); });
</script>`,
  });

  return { Consentry: consentry, 'vanilla-cookieconsent': vanilla, Klaro: klaro, tarteaucitron: tac };
}
