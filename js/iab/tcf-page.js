// TCF on the page: the site's vendor list, the TC string in the
// `euconsent-v2` cookie (and Google's Additional Consent string in
// `addtl_consent`), both kept in step with the Consentry record, the CMP
// API (./cmp.js) and the TCF parts of the dialog (./tcf-layers.js).
//
// The shell (js/shell.js) loads this only when the settings have `tcf`
// and calls the returned extension at each step; see docs/tcf.md for the
// relation between TCF's purposes and the site's categories (one dialog,
// one decision: "Accept all" / "Reject all" cover both).
import { serveCmp } from './cmp.js';
import { acParts, acString, choiceAll, choiceOf, modelOf, offerOf } from './tcf-choice.js';
import { firstLayerPart, gvlTexts, secondLayerPart, switchesChoice } from './tcf-layers.js';
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
 * The extension for a TCF site: `site` is its `tcf` section (a TcfSite of
 * the module's wasm, which also makes its cookie strings), with the codec
 * (`decode`, `encode`) and the site's `VendorList` and JSON text. Returns
 * the object the shell calls: attach, asks, opened, closed, decided,
 * forget, reread, action.
 */
export function tcfExtension(settings, site, { decode, encode, list, gvlText }) {
  const config = site;
  const gvl = JSON.parse(gvlText);
  const vendorIds = Array.from(config.vendors);
  const offer = offerOf(gvl, vendorIds, Array.from(config.googleAdditionalConsent));
  const texts = gvlTexts(gvl, settings.language);
  const ctx = { t: { ...en, ...UI_TEXTS[texts.lang] }, texts, gvl, offer, vendorIds, lang: texts.lang };
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
  let hooks = null;
  let shown = false;

  function stringOptions(created, now, consentScreen = 0) {
    return {
      cmpId: config.cmpId,
      cmpVersion: config.cmpVersion,
      vendorListVersion: list.vendorListVersion,
      policyVersion: list.tcfPolicyVersion,
      language: texts.lang,
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
    cmp.update(current.tcString, current.model || empty(), uiVisible);
  }

  function store(next) {
    current = next;
    const now = Date.now();
    const cookies = [...site.cookie(TC_COOKIE, next.tcString || undefined, now)];
    if (offer.google.length) cookies.push(...site.cookie(AC_COOKIE, next.ac || undefined, now));
    hooks.write(cookies);
  }

  /** The TCF panel part now shown, if any. */
  const part = () => hooks.panel().querySelector('[data-tcf-layer]');

  return {
    /** `h`: `{panel(), show(layer), write(cookies)}` from the shell. */
    attach(h) {
      hooks = h;
    },
    /**
     * At start: whether the visitor must be asked (no record, no string
     * that can stand); if not, the CMP publishes the stored string (tcloaded).
     */
    asks(hasRecord) {
      const found = hasRecord ? stored(jar()) : null;
      if (found) {
        current = found;
        publish(false);
        return false;
      }
      return true;
    },
    /** A layer was opened: its TCF part goes in before the buttons; the CMP says the UI shows. */
    opened(layer) {
      const dialog = hooks.panel().querySelector('.dialog');
      const actions = dialog && dialog.querySelector('.actions');
      if (!actions) return;
      const choice = current.model ? choiceOf(current.model, current.ac, offer) : choiceAll(offer, false);
      if (!current.model) choice.purposesLi = offer.purposesLi.slice(); // legitimate interest stands until objected to
      if (!current.model) choice.vendorsLi = offer.vendorsLi.slice();
      const html = layer === 1 ? firstLayerPart(ctx) : secondLayerPart(ctx, choice);
      actions.insertAdjacentHTML('beforebegin', html);
      shown = true;
      publish(true);
    },
    /** The dialog closed without a decision: the CMP's UI is hidden again. */
    closed() {
      if (!shown) return;
      shown = false;
      publish(false);
    },
    /** A decision (the shell's `{kind, ...}`), before the dialog closes: the TC string follows it. */
    decided(decision) {
      const shownPart = part();
      let choice;
      if (decision.kind === 'acceptAll') choice = choiceAll(offer, true);
      else if (decision.kind === 'rejectAll') choice = choiceAll(offer, false);
      else if (shownPart && shownPart.getAttribute('data-tcf-layer') === '2') choice = switchesChoice(shownPart, offer);
      else if (current.model) choice = choiceOf(current.model, current.ac, offer);
      else choice = choiceAll(offer, false); // a choice of categories alone: TCF grants nothing
      const now = Date.now();
      const created = current.model ? current.model.created : now;
      const screen = shownPart ? Number(shownPart.getAttribute('data-tcf-layer')) : 0;
      const model = modelOf(choice, stringOptions(created, now, screen));
      const tcString = encode(model);
      store({ tcString, model: decode(tcString), ac: offer.google.length ? acString(offer, choice.google) : '' });
      shown = false;
      publish(false);
    },
    /** The choice was forgotten (reset): both strings go. */
    forget() {
      store({ tcString: '', model: null, ac: '' });
    },
    /** Another tab decided, or the record expired: take the strings over. */
    reread(hasRecord) {
      const found = hasRecord ? stored(jar()) : null;
      if ((found ? found.tcString : '') === current.tcString) return;
      current = found || { tcString: '', model: null, ac: '' };
      publish(false);
    },
    /** A TCF button: `tcf-vendors` opens the second layer at the vendor list. */
    action(name) {
      if (name !== 'tcf-vendors') return;
      hooks.show(2);
      const heading = hooks.panel().querySelector('#tcf-vendors');
      if (heading) heading.focus();
    },
  };
}
