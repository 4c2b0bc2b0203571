// The codec modules as the main entry will load them: import() of
// /consentry/consentry-tcf.js (and -gpp.js) in Chromium, the wasm found next
// to the module through import.meta.url; the strings equal Node's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, servePage } from '../e2e/harness.mjs';
import { loadModule } from './load.mjs';

const TC_MODEL = { cmpId: 300, cmpVersion: 1, consentLanguage: 'DE', publisherCountryCode: 'DE', vendorListVersion: 7, policyVersion: 5, isServiceSpecific: true, purposeConsents: [1, 2, 3], vendorConsents: [755, 793], vendorsDisclosed: [755, 793, 1126] };
const GPP_MODEL = { sections: { usnat: { SaleOptOutNotice: 1, SaleOptOut: 1, GpcSegmentIncluded: true, Gpc: true } } };

test('import() in Chromium: both modules load their wasm next to them and encode as in Node', async () => {
  const env = await start();
  try {
    const { context, page, offsite, errors } = await env.page();
    const html = `<!doctype html><meta charset="utf-8"><title>codecs</title><script type="module">
      const [tcf, gpp] = await Promise.all([import('/consentry/consentry-tcf.js'), import('/consentry/consentry-gpp.js')]);
      await Promise.all([tcf.default(), gpp.default()]);
      let code;
      try { tcf.decode('not a tc string'); } catch (e) { code = e.code; }
      window.result = { tc: tcf.encode(${JSON.stringify(TC_MODEL)}), gpp: gpp.encode(${JSON.stringify(GPP_MODEL)}), code };
    </script>`;
    await servePage(context, env.origin, '/codecs.html', html);
    await page.goto(`${env.origin}/codecs.html`);
    const result = await page.waitForFunction(() => window.result).then((h) => h.jsonValue());
    const [tcf, gpp] = [await loadModule('tcf'), await loadModule('gpp')];
    assert.deepEqual(result, { tc: tcf.encode(TC_MODEL), gpp: gpp.encode(GPP_MODEL), code: 'iab.base64' });
    assert.deepEqual(offsite, []);
    assert.deepEqual(errors, []);
  } finally {
    await env.close();
  }
});
