// Type-checked by `npm test`: the bundler plugins' options, as a
// vite.config.ts or a webpack config in TypeScript would pass them.
import consentry from 'consentry/vite';
import ConsentryPlugin from 'consentry/webpack';

const categories = { necessary: { required: true }, analytics: {} };
const vitePlugin = consentry({ config: { categories }, consentMode: { region: ['ES', 'FR'] } });
const webpackPlugin = new ConsentryPlugin({ config: { categories }, files: (name) => name === 'index.html' });
const named = new ConsentryPlugin.ConsentryPlugin();
void [vitePlugin.name, webpackPlugin, named];

// @ts-expect-error: the config is checked (layouts are box, bar or modal)
consentry({ config: { categories, ui: { layout: 'popup' } } });
