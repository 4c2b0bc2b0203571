// The foundation slice, as a visitor and page code see it: first visit shows
// the dialog; "Reject all" holds the scripts and stores the choice; a reload
// asks nothing; "Accept all" runs held scripts in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIALOG, SCREENSHOTS, consentCookie, scriptTagPage, servePage } from './harness.mjs';
import { coreOutcome, settle } from './signals.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env.close();
});

const ran = (page) => page.evaluate(() => window.demoRan || []);

test('first visit shows the dialog with Accept all and Reject all', async () => {
  const { context, page, offsite, errors } = await env.page();
  await page.goto(`${env.origin}/`);
  const dialog = page.locator(DIALOG);
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  await page.getByRole('button', { name: 'Accept all' }).waitFor();
  await page.getByRole('button', { name: 'Reject all' }).waitFor();
  assert.deepEqual(await ran(page), [], 'nothing held ran before a choice');
  assert.equal(await consentCookie(context), undefined, 'no cookie before a choice');
  await page.screenshot({ path: `${SCREENSHOTS}/slice-first-visit.png` });
  assert.deepEqual(offsite, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Reject all leaves the held scripts unrun, sets the cookie, and a reload shows no dialog', async () => {
  const { context, page, errors } = await env.page();
  await page.goto(`${env.origin}/`);
  await page.getByRole('button', { name: 'Reject all' }).click();
  await page.locator(DIALOG).waitFor({ state: 'detached' });
  const cookie = await consentCookie(context);
  assert.ok(cookie, 'consent cookie set');
  assert.match(cookie.value, /^1\.1\./, 'versioned value with the config revision');
  assert.equal(cookie.sameSite, 'Lax');
  assert.ok(cookie.expires > Date.now() / 1000 + 180 * 86400, 'lives about six months');
  assert.deepEqual(await ran(page), []);
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('analytics')), false);
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('necessary')), true);

  await page.reload();
  await page.waitForFunction(() => window.consentry && window.consentry.getConsent() !== null);
  assert.equal(await page.locator(DIALOG).count(), 0, 'no dialog for a returning visitor');
  assert.deepEqual(await ran(page), [], 'still nothing held ran');
  assert.equal((await page.evaluate(() => window.consentry.getConsent())).method, 'reject-all');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Accept all runs held scripts: the external library before the inline code that uses it', async () => {
  const { context, page, errors } = await env.page();
  await page.goto(`${env.origin}/`);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => (window.demoRan || []).length === 3);
  assert.deepEqual(await ran(page), ['analytics-library', 'analytics-inline:page_view', 'marketing']);
  const record = await page.evaluate(() => window.consentry.getConsent());
  assert.equal(record.method, 'accept-all');
  assert.deepEqual(record.categories, { necessary: true, analytics: true, marketing: true });
  assert.deepEqual(record.services, { marketing: { pixel: true, ads: true } });
  // A returning visitor gets them again without a dialog.
  await page.reload();
  await page.waitForFunction(() => (window.demoRan || []).length === 3);
  assert.equal(await page.locator(DIALOG).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('two script tags: queued calls run once the core has loaded', async () => {
  const { context, page, errors } = await env.page();
  await page.goto(`${env.origin}/script-tags.html`);
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => window.queuedRan), true, 'consentry.push(fn) ran with the API');
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => (window.demoRan || []).includes('analytics'));
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('analytics')), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an invalid config: one console error listing every problem, no dialog, nothing granted', async () => {
  const { context, page, errors } = await env.page();
  const config = '{"revision": "two", "categories": {"analytics": {"cookies": [{"name": ""}]}, "9x": {}}}';
  const held = `<script type="text/plain" data-category="analytics">window.heldRan = true;</script>`;
  await servePage(context, env.origin, '/invalid.html', scriptTagPage(config, held));
  await page.goto(`${env.origin}/invalid.html`);
  assert.match(await coreOutcome(page), /invalid config/, 'the start failed, and queued code heard it');
  await settle(page);
  assert.equal(errors.length, 1, `exactly one console error, got ${JSON.stringify(errors)}`);
  for (const part of [
    'revision: must be a whole number',
    'categories.analytics.cookies[0].name: must not be empty',
    'categories.9x: must start with a letter',
  ]) {
    assert.ok(errors[0].includes(part), `${part} in ${errors[0]}`);
  }
  assert.equal(await page.locator(DIALOG).count(), 0);
  assert.equal(await page.evaluate(() => window.consentry.hasConsent('analytics')), false);
  assert.equal(await page.evaluate(() => window.heldRan), undefined);
  assert.equal(await consentCookie(context), undefined);
  await context.close();
});
