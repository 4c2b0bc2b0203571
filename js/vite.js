// consentry/vite: a Vite plugin that puts the stub (and, if given, the
// Consent Mode defaults and the config tag) first in <head> of every page
// Vite builds or serves, inlined, so that it runs before any other script.
//
//   // vite.config.js
//   import consentry from 'consentry/vite';
//   export default { plugins: [consentry({ config: { categories: { ... } } })] };
//
// Options: see js/head-scripts.cjs (`config`, `consentMode`).
import helpers from './head-scripts.cjs';

export default function consentry(options = {}) {
  const tags = helpers.headScripts(options);
  return {
    name: 'consentry',
    transformIndexHtml: {
      // After Vite's own HTML work: the inline classic scripts stay as they are.
      order: 'post',
      handler: () => tags.map(({ attrs, children }) => ({ tag: 'script', attrs, children, injectTo: 'head-prepend' })),
    },
  };
}
