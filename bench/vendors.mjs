// The vendors' published snippets (GA4 gtag.js, Google Tag Manager, Meta
// Pixel, Yandex Metrica, Hotjar, LinkedIn Insight, TikTok Pixel, a YouTube
// embed) as the realistic page carries them, and the fake third parties that
// answer their requests on the machine.
//
// Each snippet is the vendor's published text with placeholder ids (the same
// text as www/vendors.html). How a product holds it is the product's
// business (shop-pages.mjs); here is only what the vendor publishes.
//
// `fakeResponse(url, resourceType)` answers every request to another origin
// with a plausible small body, so that the vendors' loaders run their
// follow-up requests (collect beacons, pixels, config scripts, the embed's
// player) and those are counted as well. Nothing leaves the machine.

export const GA_ID = 'G-XXXXXXXXXX';
export const GTM_ID = 'GTM-XXXXXXX';
export const META_ID = '000000000000000';
export const YM_ID = '00000000';
export const HOTJAR_ID = '0000000';
export const LINKEDIN_ID = '0000000';
export const TIKTOK_ID = 'C0000000000000000000';
export const YOUTUBE_ID = 'aqz-KE-bpKQ';

export const GTAG_SRC = `https://www.googletagmanager.com/gtag/js?id=${GA_ID}`;
export const YOUTUBE_SRC = `https://www.youtube-nocookie.com/embed/${YOUTUBE_ID}`;

/** gtag.js's inline part, after the external gtag.js. */
export const GTAG_INLINE = `window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date());
gtag('config', '${GA_ID}');`;

/**
 * The inline snippets, in page order, with the category each needs. GTM,
 * Meta, Yandex and LinkedIn inject their script from the snippet (the stub
 * of Consentry can hold those unannotated); Hotjar and TikTok likewise, but
 * are usually annotated.
 */
export const SNIPPETS = [
  {
    name: 'gtm',
    category: 'analytics',
    code: `(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':
new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
'https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
})(window,document,'script','dataLayer','${GTM_ID}');`,
  },
  {
    name: 'meta',
    category: 'marketing',
    code: `!function(f,b,e,v,n,t,s)
{if(f.fbq)return;n=f.fbq=function(){n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)};
if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';
n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];
s.parentNode.insertBefore(t,s)}(window, document,'script',
'https://connect.facebook.net/en_US/fbevents.js');
fbq('init', '${META_ID}');
fbq('track', 'PageView');`,
  },
  {
    name: 'yandex',
    category: 'analytics',
    code: `(function(m,e,t,r,i,k,a){m[i]=m[i]||function(){(m[i].a=m[i].a||[]).push(arguments)};
m[i].l=1*new Date();
for (var j = 0; j < document.scripts.length; j++) {if (document.scripts[j].src === r) { return; }}
k=e.createElement(t),a=e.getElementsByTagName(t)[0],k.async=1,k.src=r,a.parentNode.insertBefore(k,a)})
(window, document, "script", "https://mc.yandex.ru/metrika/tag.js", "ym");
ym(${YM_ID}, "init", { clickmap:true, trackLinks:true, accurateTrackBounce:true });`,
  },
  {
    name: 'hotjar',
    category: 'analytics',
    annotated: true,
    code: `(function(h,o,t,j,a,r){
h.hj=h.hj||function(){(h.hj.q=h.hj.q||[]).push(arguments)};
h._hjSettings={hjid:${HOTJAR_ID},hjsv:6};
a=o.getElementsByTagName('head')[0];
r=o.createElement('script');r.async=1;
r.src=t+h._hjSettings.hjid+j+h._hjSettings.hjsv;
a.appendChild(r);
})(window,document,'https://static.hotjar.com/c/hotjar-','.js?sv=');`,
  },
  {
    name: 'linkedin',
    category: 'marketing',
    code: `_linkedin_partner_id = "${LINKEDIN_ID}";
window._linkedin_data_partner_ids = window._linkedin_data_partner_ids || [];
window._linkedin_data_partner_ids.push(_linkedin_partner_id);
(function(l) {
if (!l){window.lintrk = function(a,b){window.lintrk.q.push([a,b])};
window.lintrk.q=[]}
var s = document.getElementsByTagName("script")[0];
var b = document.createElement("script");
b.type = "text/javascript";b.async = true;
b.src = "https://snap.licdn.com/li.lms-analytics/insight.min.js";
s.parentNode.insertBefore(b, s);})(window.lintrk);`,
  },
  {
    name: 'tiktok',
    category: 'marketing',
    annotated: true,
    code: `!function (w, d, t) {
w.TiktokAnalyticsObject=t;var ttq=w[t]=w[t]||[];ttq.methods=["page","track","identify","instances","debug","on","off","once","ready","alias","group","enableCookie","disableCookie","holdConsent","revokeConsent","grantConsent"],ttq.setAndDefer=function(t,e){t[e]=function(){t.push([e].concat(Array.prototype.slice.call(arguments,0)))}};for(var i=0;i<ttq.methods.length;i++)ttq.setAndDefer(ttq,ttq.methods[i]);ttq.instance=function(t){for(
var e=ttq._i[t]||[],n=0;n<ttq.methods.length;n++)ttq.setAndDefer(e,ttq.methods[n]);return e},ttq.load=function(e,n){var r="https://analytics.tiktok.com/i18n/pixel/events.js",o=n&&n.partner;ttq._i=ttq._i||{},ttq._i[e]=[],ttq._i[e]._u=r,ttq._t=ttq._t||{},ttq._t[e]=+new Date,ttq._o=ttq._o||{},ttq._o[e]=n||{};n=document.createElement("script")
;n.type="text/javascript",n.async=!0,n.src=r+"?sdkid="+e+"&lib="+t;e=document.getElementsByTagName("script")[0];e.parentNode.insertBefore(n,e)};
ttq.load('${TIKTOK_ID}');
ttq.page();
}(window, document, 'ttq');`,
  },
];

/** Meta's <noscript> pixel: inert with scripting on, carried as the vendor publishes it. */
export const META_NOSCRIPT = `<noscript><img height="1" width="1" style="display:none" alt="" src="https://www.facebook.com/tr?id=${META_ID}&ev=PageView&noscript=1"></noscript>`;

// ---- the fake third parties: small bodies that do what the real loaders
// do first (read their queue, send a hit, load a second script).
const note = (name) => `(window.__thirdParty = window.__thirdParty || []).push([${JSON.stringify(name)}, performance.now()]);`;

const SCRIPTS = [
  [/^www\.googletagmanager\.com\/gtag\/js/, `${note('gtag.js')}
(function (w) { var dl = w.dataLayer = w.dataLayer || []; var seen = dl.length;
  navigator.sendBeacon('https://region1.google-analytics.com/g/collect?v=2&tid=${GA_ID}&en=page_view&_s=' + seen);
})(window);`],
  [/^www\.googletagmanager\.com\/gtm\.js/, `${note('gtm.js')}
(function (w) { (w.dataLayer = w.dataLayer || []).push({ event: 'gtm.load' });
  fetch('https://www.google-analytics.com/g/collect?v=2&tid=${GTM_ID}&en=page_view', { method: 'POST', mode: 'no-cors', keepalive: true }).catch(function () {});
})(window);`],
  [/^connect\.facebook\.net\/en_US\/fbevents\.js/, `${note('fbevents.js')}
(function (w, d) { var q = (w.fbq && w.fbq.queue) || []; w.fbq.callMethod = function () {};
  var s = d.createElement('script'); s.async = true; s.src = 'https://connect.facebook.net/signals/config/${META_ID}?v=2.9.176'; d.head.appendChild(s);
  for (var i = 0; i < q.length; i++) if (q[i][0] === 'track') new Image().src = 'https://www.facebook.com/tr/?id=${META_ID}&ev=' + q[i][1];
})(window, document);`],
  [/^connect\.facebook\.net\/signals\/config\//, `${note('fb signals config')}`],
  [/^mc\.yandex\.ru\/metrika\/tag\.js/, `${note('tag.js')}
new Image().src = 'https://mc.yandex.ru/watch/${YM_ID}?page-url=' + encodeURIComponent(location.href);`],
  [/^static\.hotjar\.com\/c\/hotjar-/, `${note('hotjar.js')}
(function (d) { var s = d.createElement('script'); s.async = true; s.src = 'https://script.hotjar.com/modules.0000000000.js'; d.head.appendChild(s); })(document);`],
  [/^script\.hotjar\.com\/modules/, `${note('hotjar modules')}
fetch('https://content.hotjar.io/sites/${HOTJAR_ID}/visits', { method: 'POST', body: '{}', mode: 'no-cors' }).catch(function () {});`],
  [/^snap\.licdn\.com\/li\.lms-analytics\/insight\.min\.js/, `${note('insight.min.js')}
new Image().src = 'https://px.ads.linkedin.com/collect/?pid=${LINKEDIN_ID}&fmt=gif';`],
  [/^analytics\.tiktok\.com\/i18n\/pixel\/events\.js/, `${note('events.js')}
fetch('https://analytics.tiktok.com/api/v2/pixel', { method: 'POST', body: '{}', mode: 'no-cors' }).catch(function () {});`],
  [/^www\.youtube\.com\/s\/player\//, `${note('youtube player')}`],
];

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const EMBED = `<!doctype html><html><head><meta charset="utf-8"><title>YouTube</title>
<style>html,body{margin:0;height:100%;background:#000}img{width:100%;height:100%;object-fit:cover}</style></head>
<body><img alt="" src="https://i.ytimg.com/vi/${YOUTUBE_ID}/hqdefault.jpg">
<script src="https://www.youtube.com/s/player/00000000/player_ias.vflset/en_US/base.js"></script></body></html>`;

/** The answer to a request for `url` (another origin): { status, contentType, body }. */
export function fakeResponse(url, resourceType) {
  const u = new URL(url);
  const key = u.host + u.pathname;
  for (const [pattern, body] of SCRIPTS) {
    if (pattern.test(key)) return { status: 200, contentType: 'text/javascript', body };
  }
  if (/^www\.youtube(-nocookie)?\.com\/embed\//.test(key)) return { status: 200, contentType: 'text/html; charset=utf-8', body: EMBED };
  if (resourceType === 'image' || /\.(gif|jpe?g|png)$/.test(u.pathname) || /\/(tr|collect|watch)\b/.test(u.pathname)) {
    return { status: 200, contentType: 'image/gif', body: GIF };
  }
  if (resourceType === 'script') return { status: 200, contentType: 'text/javascript', body: `${note(key)}` };
  return { status: 204, contentType: 'text/plain', body: '' };
}
