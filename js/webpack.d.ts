import type { HeadScriptsOptions } from './bundlers';

export interface ConsentryPluginOptions extends HeadScriptsOptions {
  /** Which emitted files get the scripts (default: every `.html`). */
  files?: (name: string) => boolean;
}

/** A webpack 5 plugin: the stub (and the config, if given) inlined first in <head> of every emitted HTML file. */
declare class ConsentryPlugin {
  constructor(options?: ConsentryPluginOptions);
  apply(compiler: unknown): void;
  /** The same class, for `const { ConsentryPlugin } = require('consentry/webpack')`. */
  static ConsentryPlugin: typeof ConsentryPlugin;
}
export = ConsentryPlugin;
