// TCF on the page: the site's vendor list, the TC string in the
// `euconsent-v2` cookie (and Google's Additional Consent string in
// `addtl_consent`), both kept in step with the Consentry record, the CMP
// API (./cmp.js) and the TCF parts of the dialog (./tcf-layers.js).
//
// The entry loads this only when the config has `tcf` (js/chunks.js), and
// it is built on the public API (`window.consentry`: its show, hide, change
// and ready events) and the dialog's DOM (its parts go into the layers, its
// clicks are heard before the dialog's own), so the entry carries no TCF
// code beyond loading it. docs/tcf.md says how TCF's purposes relate to the
// site's categories (one dialog, one decision: "Accept all" / "Reject all"
// cover both).
import { serveCmp } from './cmp.js';
import { acParts, acString, choiceAll, choiceOf, modelOf, offerOf } from './tcf-choice.js';
import { firstLayerPart, gvlTexts, secondLayerPart, switchesChoice } from './tcf-layers.js';
import { HOST_ID } from '../host-id.js';
import en from '../../data/tcf-i18n/en.json';
import de from '../../data/tcf-i18n/de.json';
import fr from '../../data/tcf-i18n/fr.json';

export const TC_COOKIE = 'euconsent-v2';
export const AC_COOKIE = 'addtl_consent';
const UI_TEXTS = { en, de, fr };
/** TCF v2.3's policy version: what an empty TC model holds. */
const EMPTY_POLICY_VERSION = 5;

/** The cookie jar's text ('' where cookies are blocked). */
function jar() {
  try {
    return document.cookie;
  } catch {
    return '';
  }
}

/** The value of cookie `name` in a `document.cookie` text, or undefined. */
function cookieValue(jar, name) {
  for (const pair of jar.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * Starts TCF on the page: `site` is the `tcf` section (a TcfSite of the
 * module's wasm, which also makes its cookie strings), with the codec
 * (`decode`, `encode`) and the site's `VendorList` and JSON text; `api` is
 * the public API, not started yet. From here on the CMP answers
 * `__tcfapi`, the layers get their TCF parts and every change of the
 * Consentry record is followed by the TC string.
 */
export function startTcf(api, site, { decode, encode, list, gvlText }) {
  const config = site;
  const gvl = JSON.parse(gvlText);
  const vendorIds = Array.from(config.vendors);
  const offer = offerOf(gvl, vendorIds, Array.from(config.googleAdditionalConsent));
  /** The layers' texts in the dialog's language, once it has shown (the TC string's consentLanguage). */
  let ctx = null;
  const cmp = serveCmp({
    cmpId: config.cmpId,
    cmpVersion: config.cmpVersion,
    gvl: { json: gvlText, vendorListVersion: list.vendorListVersion, tcfPolicyVersion: list.tcfPolicyVersion },
    extra: () => ({
      ...(current.ac ? { addtlConsent: current.ac } : {}), // once there is a choice
      ...(config.enableAdvertiserConsentMode ? { enableAdvertiserConsentMode: true } : {}),
    }),
  });
  /**
   * No string yet: TCData shows an empty TC model, as the IAB's cmpapi does
   * (the current policy version, publisher country unknown), with nothing
   * consented or disclosed.
   */
  const empty = () =>
    modelOf(choiceAll(offer, false), {
      ...stringOptions(0, 0),
      policyVersion: EMPTY_POLICY_VERSION,
      vendorListVersion: 0,
      publisherCountryCode: 'AA',
      vendors: [],
    });
  // The stored choice: its string, model and AC string ('' and the empty model before one).
  let current = { tcString: '', model: null, ac: '' };
  let shown = false;
  let published = false;
  /** Set by a decision button's click: `{screen, choice}` (choice: Save's TCF switches, or null). */
  let pending = null;

  /** The language the TCF texts were shown in, else the stored string's, else English. */
  function language() {
    if (ctx) return ctx.lang;
    return current.model ? current.model.consentLanguage.toLowerCase() : 'en';
  }

  function stringOptions(created, now, consentScreen = 0) {
    return {
      cmpId: config.cmpId,
      cmpVersion: config.cmpVersion,
      vendorListVersion: list.vendorListVersion,
      policyVersion: list.tcfPolicyVersion,
      language: language(),
      publisherCountryCode: config.publisherCountryCode,
      purposeOneTreatment: config.purposeOneTreatment,
      vendors: vendorIds,
      consentScreen,
      created,
      now,
    };
  }

  /** The stored strings, if they can stand: decodable, not newer than the list, every configured vendor (and AC provider) disclosed. */
  function stored(text) {
    const tcString = cookieValue(text, TC_COOKIE);
    if (!tcString) return null;
    try {
      list.checkString(tcString);
      const model = decode(tcString);
      if (model.policyVersion < list.tcfPolicyVersion) return null; // a newer policy: ask again
      if (!vendorIds.every((id) => model.vendorsDisclosed.includes(id))) return null; // vendors added
      const ac = offer.google.length ? cookieValue(text, AC_COOKIE) || '' : '';
      if (!offer.google.every((id) => acParts(ac).disclosed.includes(id))) return null;
      return { tcString, model, ac };
    } catch {
      return null; // tampered or undecodable: ask again
    }
  }

  function publish(uiVisible) {
    published = true;
    cmp.update(current.tcString, current.model || empty(), uiVisible);
  }

  function store(next) {
    current = next;
    const now = Date.now();
    const cookies = [...site.cookie(TC_COOKIE, next.tcString || undefined, now)];
    if (offer.google.length) cookies.push(...site.cookie(AC_COOKIE, next.ac || undefined, now));
    for (const cookie of cookies) {
      try {
        document.cookie = cookie;
      } catch {
        // refused like the Consentry cookie (the core's page part says so): this page view keeps the choice
      }
    }
  }

  /** The TC string (and AC string) of `choice`, stored; `screen`: the layer it was made on (0: none). */
  function storeChoice(choice, screen) {
    const now = Date.now();
    const created = current.model ? current.model.created : now;
    const tcString = encode(modelOf(choice, stringOptions(created, now, screen)));
    store({ tcString, model: decode(tcString), ac: offer.google.length ? acString(offer, choice.google) : '' });
  }

  /**
   * A change of the Consentry record (`change`, in the task that made it):
   * the TC string follows. No record (a reset, an expiry): both strings
   * go. Accept all / Reject all: every TCF choice on or off. Save in the
   * second layer: its switches. These are told to the other tabs.
   * Any other change (a decision that names categories only, or another
   * tab's choice, which comes to this tab as a change too): the string in
   * the jar if one stands, else the current one; only before any string is
   * a refusal of everything written. That is not told: it may be another
   * tab's choice, whose string comes by the tabs' channel (`heard`).
   */
  function changed({ record }) {
    const screen = pending ? pending.screen : 0;
    const saved = pending && pending.choice;
    pending = null;
    shown = false;
    const method = record && record.method;
    const all = method === 'accept-all' || method === 'reject-all';
    if (!record || all || saved) {
      if (!record) store({ tcString: '', model: null, ac: '' });
      else storeChoice(saved || choiceAll(offer, method === 'accept-all'), screen);
      if (tabs) tabs.postMessage([current.tcString, current.ac]);
    } else {
      const found = stored(jar());
      if (found) current = found;
      else if (!current.model) storeChoice(choiceAll(offer, false), screen);
    }
    publish(false);
  }

  /** Another tab's strings (`[tcString, ac]`): taken over, and stored again, should this tab have written over them. */
  function heard({ data }) {
    if (!Array.isArray(data) || data[0] === current.tcString) return;
    const found = data[0] ? stored(`${TC_COOKIE}=${data[0]}; ${AC_COOKIE}=${data[1]}`) : null;
    if (data[0] && !found) return;
    store(found || { tcString: '', model: null, ac: '' });
    publish(false);
  }

  /** A layer was shown (`which`: first or preferences): its TCF part goes in before the buttons; the CMP says the UI shows. */
  function opened(root, which) {
    const dialog = root.querySelector('#panel [lang]');
    const actions = dialog && dialog.querySelector('.actions');
    if (!actions) return;
    if (!ctx || ctx.shownIn !== dialog.lang) {
      const texts = gvlTexts(gvl, dialog.lang);
      ctx = { t: { ...en, ...UI_TEXTS[texts.lang] }, texts, gvl, offer, vendorIds, lang: texts.lang, shownIn: dialog.lang };
    }
    const choice = current.model ? choiceOf(current.model, current.ac, offer) : choiceAll(offer, false);
    if (!current.model) choice.purposesLi = offer.purposesLi.slice(); // legitimate interest stands until objected to
    if (!current.model) choice.vendorsLi = offer.vendorsLi.slice();
    actions.insertAdjacentHTML('beforebegin', which === 'first' ? firstLayerPart(ctx) : secondLayerPart(ctx, choice));
    // The dialog's lists scroll inside it when they are its one long part
    // (js/dialog.css); beside the TCF sections they would be squeezed to
    // nothing, so here the dialog scrolls as a whole.
    for (const list of dialog.querySelectorAll('.categories')) list.style.flexShrink = '0';
    shown = true;
    publish(true);
  }

  /**
   * A click in the dialog, before the dialog's own handler (capture): the
   * decision buttons note which layer decided and, for Save, the TCF
   * switches, which are gone once the dialog has closed; the change that
   * follows in the same task takes them. `tcf-vendors` opens the second
   * layer at the vendor list.
   */
  function clicked(event) {
    const button = event.target.closest('button[data-action]');
    const action = button && button.getAttribute('data-action');
    const root = button && button.getRootNode();
    const part = root && root.querySelector('[data-tcf-layer]');
    if (action === 'tcf-vendors') {
      api.showPreferences();
      const heading = root.getElementById('tcf-vendors');
      if (heading) heading.focus();
    } else if (action === 'accept' || action === 'reject' || action === 'save') {
      const layer = part ? part.getAttribute('data-tcf-layer') : '0';
      pending = { screen: Number(layer), choice: action === 'save' && layer === '2' ? switchesChoice(part, offer) : null };
      setTimeout(() => {
        pending = null; // a decision that did not happen
      });
    }
  }

  let tabs = null;
  try {
    tabs = new BroadcastChannel('consentry-tcf');
    tabs.onmessage = heard;
  } catch {
    // no BroadcastChannel: this tab only (a reload reads the jar)
  }
  let root = null;
  api.on('show', (which) => {
    if (!root) {
      root = document.getElementById(HOST_ID).shadowRoot;
      root.addEventListener('click', clicked, true);
    }
    opened(root, which);
  });
  api.on('hide', () =>
    // after the change, when a decision closed the dialog
    queueMicrotask(() => {
      if (shown) {
        shown = false;
        publish(false);
      }
    }),
  );
  api.on('change', changed);
  // Started: a returning visitor's string is published (tcloaded) if it can
  // stand, else the visitor is asked again. (A first visit is asked by the
  // shell; a decision queued page code made has been published already.)
  api.on('ready', () => {
    if (published || !api.getConsent()) return;
    const found = stored(jar());
    if (!found) {
      api.show();
      return;
    }
    current = found;
    publish(false);
  });
}
