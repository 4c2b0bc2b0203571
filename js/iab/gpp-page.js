// Regions and GPP on the page (docs/regions.md): the page's rule, what it
// grants without a choice, the opt-out UI (./optout-ui.js), __gpp
// (./gpp-cmp.js) and the stamp cookie that keeps the rule, the region and
// the GPP string beside the Consentry record.
//
// The entry loads this only when the config has `regions` or `gpp`
// (js/chunks.js). The shell reads one thing of it: `defaults` (null under
// opt-in, which shows the dialog; else the categories granted without
// a choice); everything else goes through the public API (its queue, its
// `change` event, `accept()`).
import { serveGpp } from './gpp-cmp.js';
import { gppModel, marked } from './gpp-fields.js';
import { createOptOutUi, HOST_ID } from './optout-ui.js';
import { privacyChoices as en } from '../../data/i18n/en.json';
import { privacyChoices as de } from '../../data/i18n/de.json';
import { privacyChoices as fr } from '../../data/i18n/fr.json';
import { privacyChoices as es } from '../../data/i18n/es.json';
import { privacyChoices as it } from '../../data/i18n/it.json';
import { privacyChoices as nl } from '../../data/i18n/nl.json';
import { privacyChoices as pl } from '../../data/i18n/pl.json';
import { privacyChoices as pt } from '../../data/i18n/pt.json';
import { privacyChoices as ro } from '../../data/i18n/ro.json';
import { privacyChoices as uk } from '../../data/i18n/uk.json';
import { privacyChoices as ar } from '../../data/i18n/ar.json';

const TEXTS = { en, de, fr, es, it, nl, pl, pt, ro, uk, ar };
const TC_COOKIE = 'euconsent-v2';
/** The switches of the dialog: each opts out of the categories with these marks. */
const SWITCHES = [
  ['sale', ['sale']],
  ['sharing', ['sharing', 'targetedAds']],
  ['sensitive', ['sensitive']],
];

function jar() {
  try {
    return document.cookie;
  } catch {
    return '';
  }
}

function write(cookies) {
  for (const c of cookies) {
    try {
      document.cookie = c;
    } catch {
      // cookies blocked: nothing is stored
    }
  }
}

/** The value of cookie `name` in `text`, or undefined. */
function cookieValue(text, name) {
  for (const pair of text.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

/** The page's region as the stubs read it: `<html data-consentry-region>`, else the GPP stub's tag's `data-region`. */
function pageRegion() {
  const own = document.documentElement.getAttribute('data-consentry-region');
  if (own) return own;
  const stub = window.__gpp && window.__gpp.s;
  if (stub && stub.region) return stub.region;
  const tag = document.querySelector('script[data-region]');
  return (tag && tag.getAttribute('data-region')) || '';
}

/**
 * Starts the page part (it runs before the shell begins, and hooks into the
 * API's queue for the rest): `site` is the module's RegionsSite for the config
 * text, `encode`/`decode` the GPP codec, `coreSettings` the core's
 * settings (language, categories). Runs before the shell begins.
 */
export function startRegions(site, { encode, decode }, coreSettings) {
  const s = JSON.parse(site.settings());
  const [rule, region] = site.ruleFor(pageRegion());
  const marks = marked(s.categories);
  const gpc = s.gpc && navigator.globalPrivacyControl === true;
  const covered = new Set([...marks.sale, ...marks.sharing, ...marks.targetedAds]);
  const stamp = site.readStamp(jar());
  // A choice given where opt-out was the rule is no consent: in an opt-in
  // region the visitor is asked again (the consent cookie goes, so the
  // core finds no choice).
  if (stamp && stamp[0] !== 'opt-in' && rule === 'opt-in' && cookieValue(jar(), s.cookie) !== undefined) {
    write(site.deletions(s.cookie, location.pathname));
    write(site.stampDeletions(location.pathname));
  }
  let api = null;
  let record = null;
  // The rule and region the record was given under: the stamp's, else
  // opt-in (a choice from before regions); a choice made here takes this page's.
  let given = stamp ? [stamp[0], stamp[1]] : ['opt-in', ''];
  let stamped = Boolean(stamp);

  const defaults = () => s.categories.filter((c) => !(gpc && covered.has(c.key))).map((c) => c.key);
  const granted = (key) => (record ? record.categories[key] === true : rule !== 'opt-in' && defaults().includes(key));

  const cmp = window.__gpp
    ? serveGpp({
        supported: (window.__gpp.s && window.__gpp.s.supported) || supportedOf(s),
        applicable: applicableOf(rule, region, s),
      })
    : null;
  if (!window.__gpp) console.error('Consentry: GPP needs consentry-gpp-stub.js right after consentry-stub.js; __gpp is not served');

  /** The GPP string of the current state, told to __gpp and, with a choice, stored with the rule. */
  function follow() {
    const tcString = s.tcf ? cookieValue(jar(), TC_COOKIE) : undefined;
    const model = gppModel({ sections: s.sections, marks, granted, gpc, tcString });
    let gppString = '';
    try {
      gppString = Object.keys(model.sections).length ? encode(model) : '';
    } catch (e) {
      console.error(e);
    }
    if (cmp) cmp.update(gppString, gppString ? decode(gppString).sections : {});
    if (record && gppString) {
      const cookie = site.stampCookie(given[0], given[1], gppString, Date.now() / 1000);
      if (cookie) write([cookie]);
      stamped = Boolean(cookie);
    } else if (!record && stamped) {
      write(site.stampDeletions(location.pathname));
      stamped = false;
    }
  }

  /** Name -> opted out, for the switches. */
  function current() {
    const out = {};
    for (const [name, keys] of SWITCHES) {
      const list = keys.flatMap((k) => marks[k]);
      out[name] = list.length > 0 && !list.every(granted);
    }
    return out;
  }

  let ui = null;
  function openChoices(opener) {
    ui.openDialog(opener, current());
  }

  function setUpUi() {
    const lang = coreSettings.language;
    const texts = TEXTS[lang] || TEXTS[lang.split('-')[0]] || en;
    const switches = SWITCHES.filter(([, keys]) => keys.some((k) => marks[k].length)).map(([name]) => ({ name }));
    ui = createOptOutUi({
      texts,
      lang,
      dir: lang === 'ar' ? 'rtl' : 'ltr',
      switches,
      honoured: gpc && covered.size > 0,
      displayed: (visible) => cmp && cmp.display(visible),
      save(optedOut) {
        const out = new Set();
        for (const [name, keys] of SWITCHES) if (optedOut.includes(name)) for (const k of keys) for (const c of marks[k]) out.add(c);
        api.accept(s.categories.filter((c) => !c.required && !out.has(c.key)).map((c) => c.key));
      },
    });
    // The page's own links open the switches; heard before the shell's opener.
    document.addEventListener(
      'click',
      (event) => {
        const link = event.target && event.target.closest ? event.target.closest('[data-consentry]') : null;
        if (!link) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        openChoices(link);
      },
      true,
    );
    for (const link of document.querySelectorAll('[data-consentry]')) ui.fillLink(link);
    if (rule === 'notice' && !record) {
      ui.showNotice(() => {
        api.accept(defaults().filter((k) => !s.categories.find((c) => c.key === k).required));
        ui.showFloating(openChoices);
      }, openChoices);
    } else if (rule !== 'none') {
      ui.showFloating(openChoices);
    }
  }

  // Once the shell has started: the UI, __gpp's first answers, every change followed.
  window.consentry.push((publicApi, error) => {
    if (error) return;
    api = publicApi;
    record = api.getConsent();
    api.on('change', (detail) => {
      record = detail.record;
      given = [rule, region];
      follow();
    });
    if (rule !== 'opt-in') setUpUi();
    follow();
  });
  let open = null;
  if (rule !== 'opt-in') {
    open = Object.create(null);
    for (const key of defaults()) open[key] = true;
  }
  return {
    /** Where the rule is not opt-in, the categories granted without a choice (js/shell.js). */
    defaults: open,
    rule,
    region,
    hostId: HOST_ID,
  };
}

/** `['7:usnat', ...]` for the configured sections (the stub's reading, without a stub). */
function supportedOf(s) {
  const ids = { tcfeuv2: 2, usnat: 7, usca: 8 };
  return (s.tcf ? ['tcfeuv2'] : []).concat(s.sections).map((n) => `${ids[n]}:${n}`);
}

/** The applicable sections, as js/gpp-stub.js decides them. */
function applicableOf(rule, region, s) {
  if (rule !== 'opt-in' && region.slice(0, 2) === 'US') {
    if (region === 'US-CA' && s.sections.includes('usca')) return [8];
    if (s.sections.includes('usnat')) return [7];
  }
  if (rule === 'opt-in' && s.tcf) return [2];
  return [0];
}
