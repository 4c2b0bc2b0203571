// The gallery: one dialog variant per URL (?layout=bar&scheme=dark&lang=de&layer=2),
// configured from page code with init(config) instead of the JSON tag.
import consentry from 'consentry';

const params = new URLSearchParams(location.search);
const pick = (name, options) => (options.includes(params.get(name)) ? params.get(name) : options[0]);
const layout = pick('layout', ['box', 'bar', 'modal']);
const scheme = pick('scheme', ['auto', 'light', 'dark']);
const lang = pick('lang', ['en', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'pt', 'ro', 'uk', 'ar']);
const layer = pick('layer', ['1', '2']);

document.documentElement.lang = lang;

function links(id, name, options, current) {
  const box = document.getElementById(id);
  for (const option of options) {
    const url = new URL(location.href);
    url.searchParams.set(name, option);
    const a = document.createElement('a');
    a.href = url.search;
    a.textContent = option;
    if (option === current) a.setAttribute('aria-current', 'page');
    box.append(a, ' ');
  }
}
links('layouts', 'layout', ['box', 'bar', 'modal'], layout);
links('schemes', 'scheme', ['auto', 'light', 'dark'], scheme);
links('languages', 'lang', ['en', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'pt', 'ro', 'uk', 'ar'], lang);
links('layers', 'layer', ['1', '2'], layer);

const config = {
  revision: 1,
  cookie: { name: 'consentry_gallery' },
  privacyPolicyUrl: 'privacy.html',
  ui: { layout, colorScheme: scheme, floatingButton: true },
  categories: {
    necessary: {
      required: true,
      cookies: [{ name: 'consentry_gallery', provider: 'This site', purpose: 'Stores your consent choice', duration: '6 months' }],
    },
    preferences: {},
    analytics: {
      cookies: [
        { name: '_ga', provider: 'Google', purpose: 'Distinguishes visitors', duration: '2 years' },
        { name: '_ga_*', provider: 'Google', purpose: 'Keeps the session state', duration: '2 years' },
      ],
    },
    marketing: {
      services: {
        pixel: { title: 'Meta Pixel', cookies: [{ name: '_fbp', provider: 'Meta', purpose: 'Ad delivery and measurement', duration: '3 months' }] },
        ads: { title: 'Google Ads', cookies: [{ name: '_gcl_au', provider: 'Google', purpose: 'Conversion measurement', duration: '3 months' }] },
      },
    },
    embeds: {},
  },
};

consentry.init(config).then(() => {
  // A stored choice would keep the dialog closed; the gallery always shows it.
  if (layer === '2') consentry.showPreferences();
  else if (consentry.getConsent()) consentry.show();
});
