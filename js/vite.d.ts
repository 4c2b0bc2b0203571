import type { HeadScriptsOptions } from './bundlers';

/** A Vite plugin: the stub (and the config, if given) inlined first in <head> of every page. */
export default function consentry(options?: HeadScriptsOptions): {
  name: string;
  transformIndexHtml: unknown;
};
export type { HeadScriptsOptions };
