// consentry/webpack: a webpack 5 plugin that puts the stub (and, if given,
// the Consent Mode defaults and the config tag) first in <head> of every
// HTML file the build emits (html-webpack-plugin's, copied ones), inlined,
// so that it runs before any other script.
//
//   // webpack.config.js
//   const ConsentryPlugin = require('consentry/webpack');
//   module.exports = { plugins: [new HtmlWebpackPlugin(), new ConsentryPlugin({ config: { categories: { ... } } })] };
//
// Options: see js/head-scripts.cjs (`config`, `consentMode`), and `files`:
// which emitted HTML files (a function of the file name; default: all .html).
'use strict';
const { headScripts, prependToHead } = require('./head-scripts.cjs');

class ConsentryPlugin {
  constructor(options = {}) {
    this.tags = headScripts(options);
    this.files = options.files || ((name) => name.endsWith('.html'));
  }

  apply(compiler) {
    const { Compilation, sources, WebpackError } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('ConsentryPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        // After the pages are emitted (html-webpack-plugin: OPTIMIZE_INLINE, or
        // later where a config moves it past the hashes), before compression.
        { name: 'ConsentryPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_TRANSFER - 1 },
        (assets) => {
          for (const name of Object.keys(assets)) {
            if (!this.files(name)) continue;
            const html = prependToHead(assets[name].source().toString(), this.tags);
            if (html === false) {
              compilation.warnings.push(new WebpackError(`ConsentryPlugin: ${name} has no <head>; the stub was not added`));
            } else {
              compilation.updateAsset(name, new sources.RawSource(html));
            }
          }
        },
      );
    });
  }
}

module.exports = ConsentryPlugin;
module.exports.ConsentryPlugin = ConsentryPlugin;
