// The opt-out UI of a region whose rule is not opt-in (docs/regions.md):
// no blocking dialog, but a persistent entry point, the regulator's
// wording with the opt-out icon, and a small dialog of opt-out switches.
//   - the floating button ("Your privacy choices" and the icon), and
//     "Opt-out request honoured" beside it while GPC is on (§7025(c)(6));
//   - every `data-consentry` element of the page opens the dialog (an
//     empty one gets the icon and "Do Not Sell or Share My Personal
//     Information");
//   - the dialog: a native <dialog> opened with showModal() (the page is
//     inert, Escape closes and grants nothing, focus goes back to the
//     opener), one switch per mark the site's categories have;
//   - `notice`: an informational notice (not modal) with OK.
// Everything is in one shadow root, so the page's styles do not reach it.

export const HOST_ID = 'consentry-privacy';

const CSS = `
:host { all: initial; }
* { box-sizing: border-box; font: inherit; }
.root { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; }
button { cursor: pointer; border-radius: 6px; padding: 0.55em 1em; border: 2px solid #0b57d0; background: #fff; color: #0b3c8c; }
button.primary { background: #0b57d0; color: #fff; }
button:focus-visible, input:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.float { position: fixed; inset-inline-start: 12px; bottom: 12px; z-index: 2147483000; display: flex; flex-direction: column;
  align-items: flex-start; gap: 4px; max-width: calc(100vw - 24px); }
.float button { display: inline-flex; align-items: center; gap: 8px; background: #fff; box-shadow: 0 1px 6px rgb(0 0 0 / 0.25); }
.honoured { margin: 0; padding: 2px 8px; border-radius: 4px; background: #e6f4ea; color: #0d5323; font-size: 13px; }
svg { flex: none; }
dialog { border: 0; border-radius: 10px; padding: 20px; width: min(30rem, calc(100vw - 16px)); max-height: calc(100vh - 16px);
  overflow: auto; color: #1a1a1a; background: #fff; box-shadow: 0 8px 32px rgb(0 0 0 / 0.35); }
dialog::backdrop { background: rgb(0 0 0 / 0.45); }
h2 { margin: 0 0 8px; font-size: 1.2em; font-weight: 700; }
p { margin: 0 0 12px; }
ul { list-style: none; margin: 0 0 16px; padding: 0; }
li { margin: 0 0 10px; }
label { display: flex; gap: 10px; align-items: flex-start; }
input { width: 20px; height: 20px; margin: 2px 0 0; flex: none; accent-color: #0b57d0; }
.buttons { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; }
.notice { position: fixed; inset-inline: 12px; bottom: 12px; z-index: 2147483000; max-width: 36rem; padding: 14px 16px;
  border-radius: 10px; background: #fff; box-shadow: 0 4px 20px rgb(0 0 0 / 0.3); }
.notice p { margin-bottom: 10px; }
.live { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

/** The opt-out icon (a toggle: a check on white, a cross on blue), labelled `label`. */
function icon(label) {
  return (
    `<svg role="img" aria-label="${label}" width="30" height="14" viewBox="0 0 30 14" focusable="false">` +
    '<rect x="0.5" y="0.5" width="29" height="13" rx="6.5" fill="#fff" stroke="#0066ff"/>' +
    '<path d="M15 0.5h8a6.5 6.5 0 0 1 0 13h-11z" fill="#0066ff"/>' +
    '<path d="M5.5 7.2l2.2 2.2 4-4.4" fill="none" stroke="#0066ff" stroke-width="1.6"/>' +
    '<path d="M18.5 4.5l5 5m0-5l-5 5" stroke="#fff" stroke-width="1.6"/></svg>'
  );
}

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Builds the UI. `texts`: the `privacyChoices` texts of the page's
 * language (data/i18n); `switches`: [{name, on}] for the marks the site
 * has; `honoured`: GPC is on; `save(optedOut)` gets the names switched on.
 * Returns `{openDialog(opener), showNotice(ok), showFloating(), dialog}`.
 */
export function createOptOutUi({ texts, lang, dir, switches, honoured, save, displayed }) {
  const t = (key) => escape(texts[key]);
  const host = document.createElement('div');
  host.id = HOST_ID;
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML =
    `<style>${CSS}</style><div class="root" lang="${escape(lang)}" dir="${dir}">` +
    '<div class="live" role="status" aria-live="polite"></div></div>';
  const base = root.querySelector('.root');
  const live = base.querySelector('.live');
  document.body.appendChild(host);
  let opener = null;
  let dialog = null;

  function buildDialog() {
    dialog = document.createElement('dialog');
    dialog.setAttribute('aria-labelledby', 'cy-pc-title');
    dialog.setAttribute('aria-describedby', 'cy-pc-text');
    dialog.innerHTML =
      `<h2 id="cy-pc-title">${t('title')}</h2><p id="cy-pc-text">${t('description')}</p>` +
      (honoured ? `<p class="honoured">${t('gpcHonoured')}: ${t('gpcDetail')}</p>` : '') +
      '<ul>' +
      switches
        .map(
          (s) =>
            `<li><label><input type="checkbox" role="switch" name="${s.name}">` +
            `<span>${t(s.name)}</span></label></li>`,
        )
        .join('') +
      `</ul><div class="buttons"><button type="button" class="close">${t('close')}</button>` +
      `<button type="button" class="primary save">${t('save')}</button></div>`;
    dialog.querySelector('.close').addEventListener('click', () => dialog.close());
    dialog.querySelector('.save').addEventListener('click', () => {
      const optedOut = [...dialog.querySelectorAll('input:checked')].map((i) => i.name);
      dialog.close();
      save(optedOut);
      live.textContent = texts.saved;
    });
    dialog.addEventListener('close', () => {
      displayed(false);
      if (opener && opener.isConnected) opener.focus();
    });
    base.appendChild(dialog);
  }

  /** Opens the switches (set to `current()`: name -> opted out), focus on the first. */
  function openDialog(from, current) {
    if (!dialog) buildDialog();
    if (dialog.open) return;
    opener = from || null;
    for (const input of dialog.querySelectorAll('input')) {
      input.checked = current[input.name] === true;
      input.setAttribute('aria-checked', String(input.checked));
      input.onchange = () => input.setAttribute('aria-checked', String(input.checked));
    }
    dialog.showModal();
    displayed(true);
    const first = dialog.querySelector('input') || dialog.querySelector('button');
    first.focus();
  }

  function showFloating(onOpen) {
    if (base.querySelector('.float')) return;
    const box = document.createElement('aside');
    box.className = 'float';
    box.setAttribute('aria-label', texts.title);
    box.innerHTML =
      (honoured ? `<p class="honoured">${t('gpcHonoured')}</p>` : '') +
      `<button type="button" class="choices">${icon(t('icon'))}<span>${t('link')}</span></button>`;
    const button = box.querySelector('button');
    button.addEventListener('click', () => onOpen(button));
    base.appendChild(box);
  }

  function showNotice(onOk, onOpen) {
    const box = document.createElement('section');
    box.className = 'notice';
    box.setAttribute('aria-label', texts.title);
    box.innerHTML =
      `<p>${t('notice')}</p><div class="buttons"><button type="button" class="choices">${t('link')}</button>` +
      `<button type="button" class="primary ok">${t('ok')}</button></div>`;
    box.querySelector('.choices').addEventListener('click', (e) => onOpen(e.currentTarget));
    box.querySelector('.ok').addEventListener('click', () => {
      box.remove();
      onOk();
    });
    base.appendChild(box);
  }

  /** Fills an empty `data-consentry` element with the icon and the regulator's wording. */
  function fillLink(element) {
    if (element.childNodes.length) return;
    element.innerHTML = `${icon(t('icon'))} <span>${t('doNotSell')}</span>`;
  }

  return { openDialog, showFloating, showNotice, fillLink, root };
}
