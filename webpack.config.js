// The demo site (www/) built the way a user's site would be: it imports
// 'consentry' (resolved to the built package in pkg/) and webpack 5 bundles
// the wasm through `new URL(..., import.meta.url)`. The package files are
// also copied to dist/consentry/ for the script-tag demo page.
const path = require('node:path');
const CopyPlugin = require('copy-webpack-plugin');

module.exports = {
  mode: 'production',
  entry: { demo: './www/demo.js', gallery: './www/gallery.js' },
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: '[name].js',
    assetModuleFilename: '[name].[contenthash:8][ext]',
    clean: true,
  },
  resolve: { alias: { consentry: path.resolve(__dirname, 'pkg') } },
  plugins: [
    new CopyPlugin({
      patterns: [
        { from: 'www', globOptions: { ignore: ['**/demo.js', '**/gallery.js'] } },
        { from: 'pkg', to: 'consentry' },
      ],
    }),
  ],
  performance: { hints: false },
};
