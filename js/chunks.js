// Code that only some configs need, in chunks of its own (the build emits
// each as pkg/consentry-<name>.js beside the entry, docs/size.md): fetched
// only by the sites whose config names it, so the others never pay for it.
//   integrations  googleConsentMode, metaPixel, microsoftUet (js/integrations.js)
//   receipts      consentLog (js/receipts.js)
//   tcf           tcf (pkg/consentry-tcf.js, built on its own with its wasm,
//                 js/iab/tcf.js): loading it starts it with the config text
//                 (its wasm, its section, the vendor list); from then on it
//                 works through the public API and the dialog's DOM, and
//                 the shell never calls it.
//   regions       regions or gpp: settings.regions (pkg/consentry-gpp.js, built on its own with
//                 its wasm: js/iab/gpp.js). Its page part starts before the
//                 shell begins: it reads the sections and the page's region,
//                 and an invalid section fails the start like any config error.
//
// The fetch starts as soon as the config's text is known, beside the
// core's wasm, so it costs no round trip of its own; the settings the core
// reads from that text decide what is needed, and the shell begins only
// once that has loaded. So what a chunk does at start (Consent Mode
// defaults, a returning visitor's update, undelivered receipts) happens in
// the same task as before: before queued page code runs and before the
// `ready` event. A needed chunk that cannot be fetched fails the start, as
// the wasm would.
const CHUNKS = {
  integrations: { options: ['googleConsentMode', 'metaPixel', 'microsoftUet'], load: () => import('./integrations.js') },
  receipts: { options: ['consentLog'], load: () => import('./receipts.js') },
  tcf: { options: ['tcf'], load: (text) => import('./consentry-tcf.js').then((m) => m.start(text)) },
  regions: { options: ['regions'], load: () => import('./consentry-gpp.js') },
};

/**
 * Starts fetching the chunks whose options `configText` mentions. Only a
 * head start: a mention is not a setting (the core's settings decide), and
 * a chunk fetched for nothing is one wasted request.
 */
export function prefetchChunks(configText) {
  for (const name in CHUNKS) {
    const chunk = CHUNKS[name];
    if (chunk.options.some((option) => configText.includes(`"${option}"`))) chunk.load(configText).catch(() => {}); // loadChunks reports
  }
}

/**
 * The chunks `settings` (the core's, read from `configText`) names, loaded:
 * `{integrations, receipts, regions}`, each a module (regions: its started
 * page part) or null.
 */
export function loadChunks(settings, configText) {
  const loaded = { integrations: null, receipts: null, regions: null };
  const loads = Object.keys(CHUNKS).map(
    (name) =>
      CHUNKS[name].options.some((option) => settings[option]) &&
      CHUNKS[name]
        .load(configText)
        .then((module) => (module && module.startPage ? module.startPage(settings, configText) : module))
        .then((module) => {
          loaded[name] = module;
        }),
  );
  return Promise.all(loads).then(() => loaded);
}
