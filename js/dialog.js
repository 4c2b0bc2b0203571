// The consent dialog in the page: an open Shadow DOM (page CSS cannot break
// it, its CSS cannot leak out) holding the markup js/markup.js builds from
// the core's description of the dialog, one layer at a time, and three
// delegated listeners: click, change (switch syncing) and keydown (focus
// trap, Escape).
//
// WAI-ARIA APG modal dialog: focus moves to the title on open, Tab and
// Shift+Tab wrap inside, the page behind is `inert`, Escape closes granting
// nothing, and focus returns to the opener.
import css from './dialog.css';
import { HOST_ID } from './host-id.js';

/** The id of the element that hosts the shadow root (its own file: the TCF module finds it too). */
export { HOST_ID };

/**
 * Fills an open shadow root with `markup` styled by `sheetText`. A
 * constructed stylesheet passes a strict `style-src 'self'` CSP, which
 * blocks a `<style>` element; the element is the fallback for browsers
 * without constructable stylesheets.
 */
export function fillShadow(host, sheetText, markup) {
  const root = host.attachShadow({ mode: 'open' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(sheetText);
    root.adoptedStyleSheets = [sheet];
    root.innerHTML = markup;
  } catch {
    root.innerHTML = '<style>' + sheetText + '</style>' + markup;
  }
  return root;
}

/**
 * Creates the dialog host with its lasting `shell` markup (status
 * region, floating button). `onAction(name)` hears what the visitor asks
 * for: accept, reject, prefs, save, close, reopen.
 */
export function createDialog(shell, onAction) {
  const host = document.createElement('div');
  host.id = HOST_ID;
  const root = fillShadow(host, css, shell);
  (document.body || document.documentElement).append(host);
  const panel = root.getElementById('panel');
  let layer = 0; // 0 closed, 1 first, 2 preferences
  let opener = null;
  let inerted = [];

  root.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (button) onAction(button.getAttribute('data-action'));
  });
  root.addEventListener('change', (event) => {
    const input = event.target.closest('input[data-category]');
    if (input) syncSwitches(input);
  });
  root.addEventListener('keydown', (event) => {
    if (!layer) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      onAction('close');
    } else if (event.key === 'Tab') {
      trapTab(event);
    }
  });

  function floating() {
    return root.querySelector('.floating-button');
  }

  /** Keeps a category switch and its service switches consistent. */
  function syncSwitches(changed) {
    const inputs = [...root.querySelectorAll('input[data-category]')].filter(
      (i) => i.getAttribute('data-category') === changed.getAttribute('data-category'),
    );
    const main = inputs.find((i) => !i.hasAttribute('data-service'));
    const services = inputs.filter((i) => i.hasAttribute('data-service'));
    if (!main) return;
    if (changed.hasAttribute('data-service')) {
      const on = services.filter((s) => s.checked).length;
      main.checked = on > 0;
      main.indeterminate = on > 0 && on < services.length;
    } else {
      main.indeterminate = false;
      for (const s of services) s.checked = main.checked;
    }
  }

  /** Tab and Shift+Tab wrap inside; controls in a closed `<details>` are skipped, its summary is not. */
  function trapTab(event) {
    const focusable = [...panel.querySelectorAll('button,a[href],input:not([disabled]),summary')].filter(
      (e) => !e.closest('details:not([open]) :not(summary)'),
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first) return;
    const active = root.activeElement;
    const outside = !focusable.includes(active);
    let target = null;
    if (event.shiftKey && (active === first || outside)) target = last;
    else if (!event.shiftKey && (active === last || (outside && !active))) target = first;
    if (target) {
      event.preventDefault();
      target.focus();
    }
  }

  /** Makes everything beside the dialog inert, or gives back what it made inert. */
  function makePageInert(inert) {
    if (!inert) {
      for (const e of inerted) e.removeAttribute('inert');
      inerted = [];
      return;
    }
    for (const child of host.parentElement ? host.parentElement.children : []) {
      if (child !== host && !child.hasAttribute('inert') && child.localName !== 'script') {
        child.setAttribute('inert', '');
        inerted.push(child);
      }
    }
    // Opened while the page is parsed: what the parser adds after the dialog
    // is made inert too.
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => layer && makePageInert(true));
  }

  return {
    /** The layer shown (1 first, 2 preferences), 0 when closed. */
    get layer() {
      return layer;
    },
    floating,
    /**
     * Shows a layer's markup; `focusBack` gets focus on close (the first
     * opener is kept); `soon`: the title gets focus in the next frame.
     */
    open(which, markup, focusBack, soon) {
      if (!layer) {
        opener = focusBack;
        makePageInert(true);
      }
      panel.innerHTML = markup;
      layer = which;
      const button = floating();
      if (button) button.hidden = true;
      // `indeterminate` has no attribute; the markup marks it with data-mixed.
      for (const input of panel.querySelectorAll('input[data-mixed]')) input.indeterminate = true;
      const title = root.getElementById('dialog-title');
      // focus() brings the page's style and layout up to date. At the start
      // nothing else needs them yet: the next frame computes them anyway, so
      // the focus waits for it rather than forcing them in the start's task.
      if (title) soon ? requestAnimationFrame(() => title.isConnected && title.focus()) : title.focus();
    },
    /**
     * Closes (granting nothing by itself), gives the page back, returns
     * focus. `later(fn)`: where no opener waits for focus, gives the page
     * back in a task of its own, so the page's re-style (every element's
     * inertness changes) is not part of the task that closed it; an opener
     * gets focus at once, which it could not while inert.
     */
    close(showFloating, later) {
      if (!layer) return;
      panel.innerHTML = '';
      layer = 0;
      const button = floating();
      if (button) button.hidden = !showFloating;
      const back = opener && opener.isConnected ? opener : null;
      opener = null;
      const giveBack = () => {
        if (layer) return; // opened again meanwhile: the page stays inert
        makePageInert(false);
        if (back) back.focus();
      };
      if (later && !back) later(giveBack);
      else giveBack();
    },
    /** Says `text` through the lasting `role="status"` region. */
    announce(text) {
      root.getElementById('status').textContent = text;
    },
    /** The preferences switches that are on: `{categories: [key], services: [{category, service}]}`. */
    choices() {
      const categories = [];
      const services = [];
      for (const input of root.querySelectorAll('input[data-category]')) {
        if (!(input.checked || input.indeterminate)) continue;
        const category = input.getAttribute('data-category');
        const service = input.getAttribute('data-service');
        if (service === null) categories.push(category);
        else services.push({ category, service });
      }
      return { categories, services };
    },
  };
}
