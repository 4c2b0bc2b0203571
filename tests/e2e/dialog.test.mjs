// The dialog as visitors meet it: accessibility (axe-core, keyboard only),
// equal Accept/Reject, nothing pre-ticked, languages, hostile page CSS,
// re-opening, and screenshots of every layout and scheme.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { start, DIALOG, SCREENSHOTS, consentCookie, scriptTagPage, servePage, settled } from './harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const CONFIG = JSON.stringify({
  revision: 1,
  privacyPolicyUrl: '/privacy.html',
  categories: { necessary: { required: true }, analytics: {}, marketing: { services: { fb: {}, ads: {} } } },
});

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

/** Which element has focus: its id / data-action inside the dialog, or 'page:<tag>'. */
function focused(page) {
  return page.evaluate(() => {
    const host = document.getElementById('consentry-dialog');
    if (document.activeElement === host) {
      const el = host.shadowRoot.activeElement;
      return el ? el.id || el.getAttribute('data-action') || el.tagName.toLowerCase() : 'dialog:none';
    }
    const el = document.activeElement;
    return `page:${el ? el.id || el.tagName.toLowerCase() : 'none'}`;
  });
}

async function gallery(page, { layout = 'box', scheme = 'light', layer = '1', lang = 'en' } = {}) {
  await page.goto(`${env.origin}/gallery.html?layout=${layout}&scheme=${scheme}&layer=${layer}&lang=${lang}`);
  await settled(page);
}

test('axe-core finds no violations in either layer, light and dark, at 320 and 1280 px', async () => {
  const { context, page, errors } = await env.page();
  const failures = [];
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    for (const layout of ['box', 'bar', 'modal']) {
      for (const scheme of ['light', 'dark']) {
        for (const layer of ['1', '2']) {
          await gallery(page, { layout, scheme, layer });
          if (layer === '2') {
            // Open every <details> so its switches and tables are checked too.
            await page.evaluate(() => {
              const root = document.getElementById('consentry-dialog').shadowRoot;
              root.querySelectorAll('details').forEach((d) => (d.open = true));
            });
          }
          await page.addScriptTag({ path: AXE });
          const result = await page.evaluate(() =>
            window.axe.run('#consentry-dialog', {
              runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
            }),
          );
          // Not vacuous: axe reached into the shadow root and checked contrast there.
          const contrast = result.passes.find((p) => p.id === 'color-contrast');
          if (!contrast || !contrast.nodes.some((n) => Array.isArray(n.target[0]))) {
            failures.push(`${width}px ${layout} ${scheme} layer ${layer}: axe checked no contrast inside the dialog`);
          }
          for (const v of result.violations) {
            const where = v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary}`).join('; ');
            failures.push(`${width}px ${layout} ${scheme} layer ${layer}: ${v.id} ${v.help}: ${where}`);
          }
          // No horizontal scrolling of the page at any width.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 0) failures.push(`${width}px ${layout} ${scheme} layer ${layer}: page scrolls by ${overflow}px`);
          await page.screenshot({ path: `${SCREENSHOTS}/dialog-${layout}-${scheme}-layer${layer}-${width}.png` });
        }
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('dark mode follows prefers-color-scheme when the config says auto', async () => {
  const { context, page } = await env.page({ colorScheme: 'dark' });
  await gallery(page, { scheme: 'auto' });
  const background = await page.evaluate(() => {
    const d = document.getElementById('consentry-dialog').shadowRoot.querySelector('.dialog');
    return getComputedStyle(d).backgroundColor;
  });
  assert.equal(background, 'rgb(23, 25, 30)');
  await context.close();
});

test('Accept all and Reject all are the same size and look, at 320 and 1280 px, in every layout', async () => {
  const { context, page } = await env.page();
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    for (const layout of ['box', 'bar', 'modal']) {
      await gallery(page, { layout });
      const accept = page.getByRole('button', { name: 'Accept all' });
      const reject = page.getByRole('button', { name: 'Reject all' });
      const [a, r] = [await accept.boundingBox(), await reject.boundingBox()];
      assert.ok(a && r, 'both visible');
      assert.equal(Math.round(a.width), Math.round(r.width), `${layout} ${width}px width`);
      assert.equal(Math.round(a.height), Math.round(r.height), `${layout} ${width}px height`);
      assert.ok(a.width >= 24 && a.height >= 24, 'targets at least 24 px');
      const look = (l) =>
        l.evaluate((b) => {
          const s = getComputedStyle(b);
          return [s.backgroundColor, s.color, s.fontSize, s.fontWeight, s.borderColor].join(' ');
        });
      assert.equal(await look(accept), await look(reject), `${layout} ${width}px look`);
    }
  }
  await context.close();
});

test('at 375 px the preferences actions are visible without scrolling the page or the dialog', async () => {
  const { context, page } = await env.page({ viewport: { width: 375, height: 667 } });
  for (const scheme of ['light', 'dark']) {
    await gallery(page, { layer: '2', scheme });
    // Every <details> open: the list is far longer than the screen.
    const listScrolls = await page.evaluate(() => {
      const root = document.getElementById('consentry-dialog').shadowRoot;
      root.querySelectorAll('details').forEach((d) => (d.open = true));
      const list = root.querySelector('.categories');
      return list.scrollHeight > list.clientHeight;
    });
    assert.ok(listScrolls, 'the list is longer than its room, so it scrolls');
    for (const name of ['Save preferences', 'Accept all', 'Reject all']) {
      const button = page.getByRole('button', { name, exact: true });
      const box = await button.boundingBox();
      const inView = box && box.y >= 0 && box.y + box.height <= 667 && box.x >= 0 && box.x + box.width <= 375;
      assert.ok(inView, `${name} in view: ${JSON.stringify(box)}`);
      // On top at its centre: not covered by the list or clipped by the dialog.
      const onTop = await button.evaluate((b) => {
        const r = b.getBoundingClientRect();
        return b.getRootNode().elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === b;
      });
      assert.ok(onTop, `${name} is not covered`);
    }
    const scrolled = await page.evaluate(() => {
      const dialog = document.getElementById('consentry-dialog').shadowRoot.querySelector('.dialog');
      return [window.scrollY, dialog.scrollTop, dialog.scrollHeight > dialog.clientHeight];
    });
    assert.deepEqual(scrolled, [0, 0, false], 'neither the page nor the dialog scrolls: only the list does');
  }
  await context.close();
});

test('on a phone, content wider than the screen neither moves the dialog nor pushes it off screen', async () => {
  const { context, page } = await env.page({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
  const viewport = '<meta name="viewport" content="width=device-width, initial-scale=1">';
  await servePage(context, env.origin, '/wide.html', scriptTagPage(CONFIG, viewport));
  await page.goto(`${env.origin}/wide.html`);
  await settled(page);
  const box = () => page.locator('#consentry-dialog .dialog').evaluate((d) => {
    const r = d.getBoundingClientRect();
    return { x: Math.round(r.x), y: Math.round(r.y), right: Math.round(r.right), bottom: Math.round(r.bottom) };
  });
  const before = await box();
  // What a page parsed on does when its content overflows: the layout
  // viewport that fixed boxes follow grows past the screen.
  const wide = await page.evaluate(() => {
    const grow = document.createElement('div');
    grow.style.cssText = 'width:900px;height:2000px';
    document.body.append(grow);
    return new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok(innerWidth))));
  });
  assert.ok(wide > 412, `the layout viewport grew (${wide} px): the case under test`);
  const after = await box();
  assert.deepEqual(after, before, 'the dialog did not move');
  const seen = await page.evaluate(() => [visualViewport.width, visualViewport.height]);
  assert.ok(after.x >= 0 && after.y >= 0 && after.right <= seen[0] && after.bottom <= seen[1], `inside the screen ${seen}: ${JSON.stringify(after)}`);
  await context.close();
});

test('keyboard only: focus inside, Tab wraps both ways, Escape grants nothing, Space toggles, Enter saves, focus returns', async () => {
  const { context, page, errors } = await env.page();
  await page.goto(`${env.origin}/`);
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  assert.equal(await focused(page), 'dialog-title', 'focus starts on the title, not on Accept');
  assert.equal(await page.evaluate(() => document.querySelector('main').inert), true, 'the page behind is inert');

  // Tab through: every stop is inside the dialog and the cycle wraps.
  const stops = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    stops.push(await focused(page));
  }
  assert.ok(stops.every((s) => !s.startsWith('page:')), `Tab stayed inside: ${stops}`);
  const cycle = stops.indexOf(stops[0], 1);
  assert.ok(cycle > 2, `Tab wrapped back to the first control: ${stops}`);
  assert.deepEqual(stops.slice(0, cycle), ['close', 'a', 'accept', 'reject', 'prefs'].slice(0, cycle));
  // Shift+Tab from the first control goes to the last.
  while ((await focused(page)) !== stops[0]) await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), stops[cycle - 1]);

  await page.keyboard.press('Escape');
  await page.locator(DIALOG).waitFor({ state: 'detached' });
  assert.equal(await consentCookie(context), undefined, 'Escape grants nothing');
  assert.equal(await page.evaluate(() => document.querySelector('main').inert), false, 'nothing stays inert');

  // Open the preferences from the page's own button, by keyboard; Escape
  // returns focus to it.
  const opener = page.locator('button[data-consentry="preferences"]');
  await opener.focus();
  await page.keyboard.press('Enter');
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  assert.equal(await focused(page), 'dialog-title');
  await page.keyboard.press('Escape');
  await page.locator(DIALOG).waitFor({ state: 'detached' });
  assert.equal(await opener.evaluate((b) => b === document.activeElement), true, 'Escape returns focus to the opener');
  assert.equal(await consentCookie(context), undefined, 'still nothing granted');

  await opener.focus();
  await page.keyboard.press('Enter');
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  for (let i = 0; i < 30 && (await focused(page)) !== 'switch-analytics'; i++) await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'switch-analytics');
  await page.keyboard.press('Space');
  for (let i = 0; i < 30 && (await focused(page)) !== 'save'; i++) await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'save');
  await page.keyboard.press('Enter');
  await page.locator(DIALOG).waitFor({ state: 'detached' });
  const record = await page.evaluate(() => window.consentry.getConsent());
  assert.deepEqual(record.categories, { necessary: true, analytics: true, marketing: false });
  assert.equal(record.method, 'custom');
  assert.ok((await consentCookie(context)).value.startsWith('1.1.'));
  assert.equal(
    await page.evaluate(() => document.activeElement.getAttribute('data-consentry')),
    'preferences',
    'the opener has focus again',
  );
  const status = await page.evaluate(
    () => document.getElementById('consentry-dialog').shadowRoot.querySelector('[role=status]').textContent,
  );
  assert.equal(status, 'Your choices have been saved.');
  assert.deepEqual(errors, []);
  await context.close();
});

test('nothing is pre-ticked; necessary is on and locked; reopened switches show the stored choice', async () => {
  const { context, page } = await env.page();
  await page.goto(`${env.origin}/`);
  await page.getByRole('button', { name: 'Preferences' }).click();
  const states = () =>
    page.evaluate(() =>
      [...document.getElementById('consentry-dialog').shadowRoot.querySelectorAll('input')].map(
        (i) => `${i.id}:${i.checked ? 'on' : 'off'}${i.indeterminate ? '~' : ''}${i.disabled ? '!' : ''}`,
      ),
    );
  assert.deepEqual(await states(), [
    'switch-necessary:on!',
    'switch-analytics:off',
    'switch-marketing:off',
    'switch-marketing.pixel:off',
    'switch-marketing.ads:off',
  ]);
  // One service on: its category shows "some".
  await page.locator('details').nth(2).locator('summary').click();
  await page.getByLabel('Demo pixel').check();
  assert.deepEqual((await states()).slice(2), ['switch-marketing:on~', 'switch-marketing.pixel:on', 'switch-marketing.ads:off']);
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await page.locator(DIALOG).waitFor({ state: 'detached' });
  assert.deepEqual(await page.evaluate(() => window.consentry.getConsent().services), {
    marketing: { pixel: true, ads: false },
  });

  // The floating button re-opens the preferences with the stored choice.
  await page.getByRole('button', { name: 'Cookie settings' }).last().click();
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  assert.deepEqual((await states()).slice(1), [
    'switch-analytics:off',
    'switch-marketing:on~',
    'switch-marketing.pixel:on',
    'switch-marketing.ads:off',
  ]);
  // Closing grants nothing new.
  await page.getByRole('button', { name: 'Close' }).click();
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('analytics')), false);
  // The API re-opens both layers.
  await page.evaluate(() => window.consentry.show());
  await page.getByRole('button', { name: 'Accept all' }).waitFor();
  await page.evaluate(() => window.consentry.hide());
  await page.evaluate(() => window.consentry.showPreferences());
  await page.getByRole('button', { name: 'Save preferences' }).waitFor();
  await context.close();
});

test('the dialog speaks the page language, then the browser language; Arabic is right to left', async () => {
  const german = await env.page();
  await servePage(german.context, env.origin, '/de.html', scriptTagPage(CONFIG).replace('lang="en"', 'lang="de"'));
  await german.page.goto(`${env.origin}/de.html`);
  await german.page.getByRole('button', { name: 'Alle akzeptieren' }).waitFor();
  assert.equal(await german.page.locator(DIALOG).getAttribute('lang'), 'de');
  await german.context.close();

  const romanian = await env.page({ locale: 'ro-RO' });
  await servePage(romanian.context, env.origin, '/ro.html', scriptTagPage(CONFIG).replace(' lang="en"', ''));
  await romanian.page.goto(`${env.origin}/ro.html`);
  await romanian.page.getByRole('button', { name: 'Acceptați toate' }).waitFor();
  assert.deepEqual(await romanian.page.evaluate(() => navigator.languages), ['ro-RO']);
  await romanian.context.close();

  const arabic = await env.page();
  await servePage(arabic.context, env.origin, '/ar.html', scriptTagPage(CONFIG).replace('lang="en"', 'lang="ar"'));
  await arabic.page.goto(`${env.origin}/ar.html`);
  await settled(arabic.page);
  assert.equal(await arabic.page.locator(DIALOG).getAttribute('dir'), 'rtl');
  assert.equal(await arabic.page.locator(DIALOG).getAttribute('lang'), 'ar');
  await arabic.page.screenshot({ path: `${SCREENSHOTS}/dialog-arabic-rtl.png` });
  await arabic.context.close();
});

test('hostile page CSS (* { all: unset }, button { display: none }, tiny root font) does not break the dialog', async () => {
  const { context, page, errors } = await env.page();
  const hostile =
    '<style>* { all: unset !important } html { font-size: 4px !important } button { display: none !important } div { opacity: 0 }</style>';
  await servePage(context, env.origin, '/hostile.html', scriptTagPage(CONFIG, hostile));
  await page.goto(`${env.origin}/hostile.html`);
  const reject = page.getByRole('button', { name: 'Reject all' });
  await settled(page);
  const box = await reject.boundingBox();
  assert.ok(box && box.width > 50 && box.height >= 24, `reject is a real button: ${JSON.stringify(box)}`);
  // Sizes follow the visitor's font size, not the page's root font size.
  const close = await page.getByRole('button', { name: 'Close' }).boundingBox();
  assert.ok(close.width >= 40 && close.height >= 40, `close button keeps its size: ${JSON.stringify(close)}`);
  await page.screenshot({ path: `${SCREENSHOTS}/dialog-hostile-css.png` });
  await reject.click();
  await page.locator(DIALOG).waitFor({ state: 'detached' });
  assert.ok(await consentCookie(context), 'the click worked: cookie stored');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a language file that cannot be fetched falls back to English, never to an empty button', async () => {
  const { context, page } = await env.page();
  await context.route('**/i18n/*.js', (route) => route.abort());
  await servePage(context, env.origin, '/de-offline.html', scriptTagPage(CONFIG).replace('lang="en"', 'lang="de"'));
  await page.goto(`${env.origin}/de-offline.html`);
  await page.getByRole('button', { name: 'Accept all' }).waitFor();
  await page.getByRole('button', { name: 'Reject all' }).waitFor();
  await context.close();
});
