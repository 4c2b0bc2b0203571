// Shared by the blocking-*.test.mjs files: fake third parties and a page
// that drives every sink the stub guards.
//
// Every request off the test origin is answered here and recorded (nothing
// leaves the machine): known tracker hosts and a non-tracker library host
// (lib.example.org, which no table lists) get small fakes. A script's fake
// body records that it ran in window.ran, by its path (`lib:` + path for
// the library host).
import { fakeTrackers, scriptTagPage } from './harness.mjs';

export const GIF = Buffer.from('R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==', 'base64');

/** Hosts the fakes answer, with the category the table gives each ('' for none). */
export const HOSTS = {
  'www.googletagmanager.com': 'analytics',
  'region1.google-analytics.com': 'analytics',
  'connect.facebook.net': 'marketing',
  'www.facebook.com': 'marketing',
  'px.ads.linkedin.com': 'marketing',
  'lib.example.org': '',
};

/** A fake's answer for `url`: a script that records its path, a frame, a stylesheet or a GIF. */
function answer(url, category, scripts) {
  const path = url.pathname;
  if (path.endsWith('.js')) {
    const mark = category ? path : `lib:${path}`;
    return ['text/javascript', scripts[path] ?? `(window.ran = window.ran || []).push(${JSON.stringify(mark)});`];
  }
  if (path.endsWith('.html')) return ['text/html', '<p>frame</p>'];
  if (path.endsWith('.css')) return ['text/css', ''];
  return ['image/gif', GIF];
}

/**
 * Fakes for every host of HOSTS (harness.mjs's fakeTrackers; anything else
 * is aborted and recorded too): resolves to the requests seen (`url`,
 * `host`, `path`, `category`: '' for the library, undefined off HOSTS) with
 * `next(test)`. `scripts` maps a path to a script body (default: it records
 * its path in window.ran).
 */
export async function fakeThirdParties(context, origin, scripts = {}) {
  const fakes = Object.entries(HOSTS).map(([host, category]) => ({
    category,
    match: (url) => url.hostname === host,
    contentType: (url) => answer(url, category, scripts)[0],
    body: (url) => answer(url, category, scripts)[1],
  }));
  return fakeTrackers(context, origin, fakes);
}

/** The requests of `seen` to tracker hosts (any category, or `category`). */
export function trackers(seen, category) {
  return seen.filter((r) => r.category && (!category || r.category === category)).map((r) => r.url);
}

/**
 * The sinks, as page code: each entry of window.SINKS is
 * [name, function (base) { ... }] and makes the browser fetch
 * `base + '/' + name + ext`, where `base` is a tracker's origin and path
 * prefix or the library host's. Each returns nothing, or a promise of what
 * the page saw (for the failure checks). Classic script, page side.
 */
const SINK_CODE = String.raw`
window.SINKS = [];
function sink(name, fn) { SINKS[SINKS.length] = [name, fn]; }
function el(tag) { return document.createElement(tag); }
function put(e) { document.body.appendChild(e); return e; }
function parsed(html) { return new DOMParser().parseFromString('<body>' + html, 'text/html').body.firstChild; }
// Element properties
sink('img-src-prop', function (b) { new Image().src = b + '/img-src-prop.gif'; });
sink('img-srcset-prop', function (b) { var i = el('img'); i.srcset = b + '/img-srcset-prop.gif 1x'; put(i); });
sink('source-srcset', function (b) { var p = el('picture'), s = el('source'); s.srcset = b + '/source-srcset.gif'; p.appendChild(s); p.appendChild(el('img')); put(p); });
sink('iframe-src-prop', function (b) { var f = el('iframe'); f.src = b + '/iframe-src-prop.html'; put(f); });
sink('link-preload', function (b) { var l = el('link'); l.rel = 'preload'; l.as = 'image'; l.href = b + '/link-preload.gif'; document.head.appendChild(l); });
sink('link-stylesheet', function (b) { var l = el('link'); l.rel = 'stylesheet'; l.href = b + '/link-stylesheet.css'; document.head.appendChild(l); });
sink('video-poster', function (b) { var v = el('video'); v.poster = b + '/video-poster.gif'; put(v); });
sink('audio-src', function (b) { var a = el('audio'); a.preload = 'auto'; a.src = b + '/audio-src.gif'; put(a); });
sink('embed-src', function (b) { var e = el('embed'); e.src = b + '/embed-src.gif'; put(e); });
sink('object-data', function (b) { var o = el('object'); o.data = b + '/object-data.gif'; put(o); });
sink('input-image', function (b) { var i = el('input'); i.type = 'image'; i.src = b + '/input-image.gif'; put(i); });
sink('script-src-prop', function (b) { var s = el('script'); s.src = b + '/script-src-prop.js'; document.head.appendChild(s); });
// Attribute APIs
sink('img-setAttribute', function (b) { el('img').setAttribute('src', b + '/img-setAttribute.gif'); });
sink('img-setAttributeNS', function (b) { el('img').setAttributeNS(null, 'src', b + '/img-setAttributeNS.gif'); });
sink('img-setAttributeNode', function (b) { var a = document.createAttribute('src'); a.value = b + '/img-setAttributeNode.gif'; el('img').setAttributeNode(a); });
sink('img-attr-value', function (b) { var i = el('img'); i.setAttribute('src', ''); i.getAttributeNode('src').value = b + '/img-attr-value.gif'; });
sink('script-setAttribute', function (b) { var s = el('script'); s.setAttribute('src', b + '/script-setAttribute.js'); document.head.appendChild(s); });
// HTML strings
sink('innerHTML', function (b) { put(el('div')).innerHTML = '<img src="' + b + '/innerHTML.gif">'; });
sink('outerHTML', function (b) { put(el('div')).outerHTML = '<p><img src="' + b + '/outerHTML.gif"></p>'; });
sink('insertAdjacentHTML', function (b) { document.body.insertAdjacentHTML('beforeend', '<iframe src="' + b + '/insertAdjacentHTML.html"></iframe>'); });
sink('createContextualFragment', function (b) { var r = document.createRange(); r.selectNode(document.body); put(el('div')).appendChild(r.createContextualFragment('<script src="' + b + '/createContextualFragment.js"></scr' + 'ipt>')); });
sink('setHTMLUnsafe', function (b) { var d = put(el('div')); if (d.setHTMLUnsafe) d.setHTMLUnsafe('<img src="' + b + '/setHTMLUnsafe.gif">'); else d.innerHTML = '<img src="' + b + '/setHTMLUnsafe.gif">'; });
sink('shadow-innerHTML', function (b) { put(el('div')).attachShadow({ mode: 'open' }).innerHTML = '<img src="' + b + '/shadow-innerHTML.gif">'; });
sink('srcdoc', function (b) { var f = el('iframe'); f.srcdoc = '<img src="' + b + '/srcdoc.gif">'; put(f); });
sink('entity-encoded', function (b) { put(el('div')).innerHTML = '<img src="' + b.replace('h', '&#104;') + '/entity-encoded.gif">'; });
// Insertion of nodes the setters never saw (parsed in another document)
sink('moved-img-append', function (b) { document.body.append(parsed('<img src="' + b + '/moved-img-append.gif">')); });
sink('moved-script-insertBefore', function (b) { document.head.insertBefore(parsed('<script src="' + b + '/moved-script-insertBefore.js"></scr' + 'ipt>'), null); });
sink('moved-img-replaceWith', function (b) { put(el('span')).replaceWith(parsed('<img src="' + b + '/moved-img-replaceWith.gif">')); });
sink('moved-img-insertAdjacentElement', function (b) { document.body.insertAdjacentElement('beforeend', parsed('<img src="' + b + '/moved-img-insertAdjacentElement.gif">')); });
sink('moved-img-replaceChildren', function (b) { put(el('div')).replaceChildren(parsed('<img src="' + b + '/moved-img-replaceChildren.gif">')); });
// Requests
sink('fetch-string', function (b) { return fetch(b + '/fetch-string.gif').then(function () { return 'ok'; }, function (e) { return e.name; }); });
sink('fetch-URL', function (b) { return fetch(new URL(b + '/fetch-URL.gif')).then(function () { return 'ok'; }, function (e) { return e.name; }); });
sink('fetch-Request', function (b) { return fetch(new Request(b + '/fetch-Request.gif')).then(function () { return 'ok'; }, function (e) { return e.name; }); });
sink('sendBeacon-string', function (b) { return navigator.sendBeacon(b + '/sendBeacon-string.gif', 'x'); });
sink('sendBeacon-URL', function (b) { return navigator.sendBeacon(new URL(b + '/sendBeacon-URL.gif'), 'x'); });
sink('xhr', function (b) {
  return new Promise(function (ok) {
    var x = new XMLHttpRequest();
    x.open('GET', b + '/xhr.gif');
    x.onload = function () { ok('load ' + x.status); };
    x.onerror = function () { ok('error ' + x.readyState + ' ' + x.status); };
    x.send();
  });
});
`;

/** The tracker bases the sinks page uses: analytics (granted in tests) and marketing. */
export const ANALYTICS = 'https://region1.google-analytics.com/s';
export const MARKETING = 'https://www.facebook.com/tr/s';
export const LIBRARY = 'https://lib.example.org/s';

/**
 * A page running every sink at load against `base` and the library host
 * (the control: it must load before any choice), plus, in <head> while the
 * parser runs, document.write of a tracker script and pixel. Sets
 * window.sinksDone when every sink has run, with window.sinkResults (name
 * -> what the page saw, for those that report) for the tracker runs.
 */
export function sinksPage(config, base = ANALYTICS, extraHead = '') {
  return scriptTagPage(
    config,
    `<script>${SINK_CODE}</script>
<script>document.write('<script src="${base}/document-write.js"></scr' + 'ipt><img src="${base}/document-write.gif">');</script>
${extraHead}
<script>
document.addEventListener('DOMContentLoaded', function () {
  var results = {};
  var pending = [];
  SINKS.forEach(function (s) {
    s[1](${JSON.stringify(LIBRARY)});
    var r = s[1](${JSON.stringify(base)});
    if (r !== undefined) pending.push(Promise.resolve(r).then(function (v) { results[s[0]] = v; }));
  });
  window.sinkResults = results;
  window.sinksDone = true;
  Promise.all(pending).then(function () { window.sinksSettled = true; });
});
</script>`,
  );
}

/** The paths a sink at `base` requests (its name, any extension). */
export function sinkNames() {
  const names = [...SINK_CODE.matchAll(/sink\('([^']+)'/g)].map((m) => m[1]);
  return names.concat(['document-write']);
}
