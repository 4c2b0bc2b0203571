// The TCF parts of the dialog's two layers, as markup text with every GVL
// and config text escaped (they are text, never HTML). The shell opens its
// own layer (js/markup.js's, in the same Shadow DOM, theme and focus
// handling: js/dialog.js); js/iab/tcf-page.js inserts these before its
// buttons. Styling comes from the dialog's own classes (categories,
// switch-row, details), so the stylesheet is the one every site has.
//
// Switches carry data-tcf (purpose, purpose-li, feature, vendor, vendor-li,
// google) and data-id, never data-category: the shell's choices() and its
// switch syncing see only the site's categories.
import { esc } from '../markup.js';

const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => esc(values[k]));
const isHttp = (url) => typeof url === 'string' && /^https?:\/\/[^\s]+$/i.test(url);

/**
 * `{item(kind, id) -> {name, description, illustrations}, vendor(id)}`:
 * the GVL's texts in `lang` where its translations have them (the names
 * and descriptions unchanged), else the list's own (English).
 */
export function gvlTexts(gvl, lang) {
  const translated = (gvl.translations || {})[lang];
  return {
    lang: translated ? lang : 'en',
    item(kind, id) {
      const own = gvl[kind][String(id)];
      const t = translated && translated[kind] && translated[kind][String(id)];
      return t ? { ...own, ...t } : own;
    },
  };
}

function switchRow(kind, id, on, label) {
  const key = `tcf-${kind}-${id}`;
  return `<div class="switch-row"><input type="checkbox" id="${key}" data-tcf="${kind}" data-id="${id}"${on ? ' checked' : ''}><label for="${key}">${esc(label)}</label></div>`;
}

function details(t, title, body) {
  return `<details><summary>${esc(t.details)}<span class="visually-hidden"> \u2013 ${esc(title)}</span></summary>${body}</details>`;
}

/** A purpose's (or feature's) description and illustrations. */
function describe(item) {
  const illustrations = (item.illustrations || []).map((i) => `<li>${esc(i)}</li>`).join('');
  return `<p>${esc(item.description || '')}</p>` + (illustrations ? `<ul>${illustrations}</ul>` : '');
}

const names = (texts, kind, list) => list.map((id) => esc(texts.item(kind, id).name)).join(', ');

/** The first layer's part: purposes, special features, the number of vendors and the way to them. */
export function firstLayerPart({ t, texts, gvl, offer, vendorIds }) {
  const list = (kind, ids) => `<ul>${ids.map((id) => `<li>${esc(texts.item(kind, id).name)}</li>`).join('')}</ul>`;
  const purposeIds = [...new Set([...offer.purposes, ...offer.purposesLi])].sort((a, b) => a - b);
  let html = `<div class="tcf" data-tcf-layer="1"><p>${fill(t.intro, { count: vendorIds.length })}</p>`;
  html += `<h3>${esc(t.purposes)}</h3>` + list('purposes', purposeIds);
  if (offer.specialFeatures.length) html += `<h3>${esc(t.specialFeatures)}</h3>` + list('specialFeatures', offer.specialFeatures);
  const special = Object.keys(gvl.specialPurposes || {}).map(Number);
  if (special.length) html += `<h3>${esc(t.specialPurposes)}</h3>` + list('specialPurposes', special);
  html += `<p><button type="button" class="button secondary" data-action="tcf-vendors">${fill(t.vendorsLink, { count: vendorIds.length })}</button></p></div>`;
  return html;
}

/** One vendor's row: its switches and what the policy asks to show about it. */
function vendorRow({ t, texts, gvl, lang }, id, choice, offer) {
  const v = gvl.vendors[String(id)];
  let html = '<li>';
  if (offer.vendors.includes(id)) html += switchRow('vendor', id, choice.vendors.includes(id), v.name);
  else html += `<p>${esc(v.name)}</p>`;
  if (offer.vendorsLi.includes(id)) html += switchRow('vendor-li', id, choice.vendorsLi.includes(id), fill(t.legitimateInterest, { name: v.name }));
  let body = '';
  const line = (label, kind, list) => (list && list.length ? `<p>${esc(label)}: ${names(texts, kind, list)}</p>` : '');
  body += line(t.consentPurposes, 'purposes', v.purposes);
  body += line(t.liPurposes, 'purposes', v.legIntPurposes);
  body += line(t.specialPurposes, 'specialPurposes', v.specialPurposes);
  body += line(t.features, 'features', v.features);
  body += line(t.specialFeatures, 'specialFeatures', v.specialFeatures);
  body += line(t.dataCategories, 'dataCategories', v.dataDeclaration);
  const retention = v.dataRetention && v.dataRetention.stdRetention;
  if (typeof retention === 'number') body += `<p>${fill(t.retention, { days: retention })}</p>`;
  const storage = [];
  if (typeof v.cookieMaxAgeSeconds === 'number') {
    storage.push(v.cookieMaxAgeSeconds > 0 ? fill(t.cookieAge, { days: Math.ceil(v.cookieMaxAgeSeconds / 86400) }) : esc(t.cookieSession));
  } else if (!v.usesCookies) storage.push(esc(t.noStorage));
  if (v.cookieRefresh) storage.push(esc(t.cookieRefresh));
  if (v.usesNonCookieAccess) storage.push(esc(t.nonCookie));
  body += `<p>${esc(t.storage)}: ${storage.join('; ')}</p>`;
  const urls = (v.urls || []).find((u) => u.langId === lang) || (v.urls || []).find((u) => u.langId === 'en') || (v.urls || [])[0];
  const link = (url, label) => (isHttp(url) ? `<li><a href="${esc(url)}" target="_blank" rel="noopener noreferrer">${esc(label)}<span class="visually-hidden"> \u2013 ${esc(v.name)}</span></a></li>` : '');
  const links = (urls ? link(urls.privacy, t.privacyPolicy) + link(urls.legIntClaim, t.liClaim) : '') + link(v.deviceStorageDisclosureUrl, t.storageDisclosure);
  if (links) body += `<ul>${links}</ul>`;
  return html + details(t, v.name, body) + '</li>';
}

/** The second layer's part: purpose switches and objections, special features, the vendors, Google's providers. */
export function secondLayerPart(ctx, choice) {
  const { t, texts, gvl, offer, vendorIds } = ctx;
  let html = `<div class="tcf" data-tcf-layer="2"><h3>${esc(t.purposes)}</h3><p>${esc(t.objectHint)}</p><ul class="categories">`;
  const purposeIds = [...new Set([...offer.purposes, ...offer.purposesLi])].sort((a, b) => a - b);
  for (const id of purposeIds) {
    const p = texts.item('purposes', id);
    html += '<li>';
    if (offer.purposes.includes(id)) html += switchRow('purpose', id, choice.purposes.includes(id), p.name);
    else html += `<p>${esc(p.name)}</p>`;
    if (offer.purposesLi.includes(id)) html += switchRow('purpose-li', id, choice.purposesLi.includes(id), fill(t.legitimateInterest, { name: p.name }));
    html += details(t, p.name, describe(p)) + '</li>';
  }
  html += '</ul>';
  if (offer.specialFeatures.length) {
    html += `<h3>${esc(t.specialFeatures)}</h3><ul class="categories">`;
    for (const id of offer.specialFeatures) {
      const f = texts.item('specialFeatures', id);
      html += '<li>' + switchRow('feature', id, choice.specialFeatures.includes(id), f.name) + details(t, f.name, describe(f)) + '</li>';
    }
    html += '</ul>';
  }
  for (const [kind, title] of [
    ['specialPurposes', t.specialPurposes],
    ['features', t.features],
  ]) {
    const list = Object.keys(gvl[kind] || {}).map(Number);
    if (!list.length) continue;
    html += `<h3>${esc(title)}</h3><ul class="categories">`;
    for (const id of list) {
      const item = texts.item(kind, id);
      html += `<li><p>${esc(item.name)}</p>${details(t, item.name, describe(item))}</li>`;
    }
    html += '</ul>';
  }
  html += `<h3 id="tcf-vendors" tabindex="-1">${fill(t.vendors, { count: vendorIds.length })}</h3><ul class="categories">`;
  for (const id of vendorIds) html += vendorRow(ctx, id, choice, offer);
  html += '</ul>';
  if (offer.google.length) {
    html += `<h3>${fill(t.google, { count: offer.google.length })}</h3><p>${esc(t.googleText)}</p><ul class="categories"><li>`;
    html += switchRow('google', 0, choice.google.length > 0, fill(t.google, { count: offer.google.length })) + '</li></ul>';
  }
  return html + '</div>';
}

/** The choice the second layer's switches show (`root`: where they are). */
export function switchesChoice(root, offer) {
  const on = (kind) => {
    const out = [];
    for (const input of root.querySelectorAll(`input[data-tcf="${kind}"]`)) if (input.checked) out.push(Number(input.getAttribute('data-id')));
    return out.sort((a, b) => a - b);
  };
  return {
    purposes: on('purpose'),
    purposesLi: on('purpose-li'),
    specialFeatures: on('feature'),
    vendors: on('vendor'),
    vendorsLi: on('vendor-li'),
    google: on('google').length ? offer.google.slice() : [],
  };
}
