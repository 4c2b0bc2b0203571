import type { HeadScriptsOptions } from './bundlers';

/** A webpack 5 plugin: the stub (and the config, if given) inlined first in <head> of every emitted HTML file. */
declare class ConsentryPlugin {
  constructor(options?: ConsentryPlugin.Options);
  apply(compiler: unknown): void;
  /** The same class, for `const { ConsentryPlugin } = require('consentry/webpack')`. */
  static ConsentryPlugin: typeof ConsentryPlugin;
}
declare namespace ConsentryPlugin {
  interface Options extends HeadScriptsOptions {
    /** Which emitted files get the scripts (default: every `.html`). */
    files?: (name: string) => boolean;
  }
}
export = ConsentryPlugin;
