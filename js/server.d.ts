/** consentry/server: the visitor's choice on the server (Node >= 18, edge runtimes). */
import type { ConsentRecord, ConsentryConfig } from './consentry.js';

export type { ConsentRecord, ConsentryConfig };

export interface ReadOptions {
  /** The time to judge expiry by, in ms since 1970 (default `Date.now()`). */
  now?: number | Date;
  /** The request carried `Sec-GPC: 1`: a stored choice is narrowed as the page will narrow it. */
  gpc?: boolean;
}

/**
 * The record in the `Cookie` header (as `getConsent()` returns it in the
 * page), or `null` when it holds no valid choice for `config`: no cookie,
 * tampered, expired, an older revision, other categories. Throws for an
 * invalid config (`code: 'ERR_CONSENTRY_CONFIG'`), and, outside Node, before
 * `loadCore()` (`code: 'ERR_CONSENTRY_NOT_LOADED'`).
 */
export function readConsent(
  cookieHeader: string | string[] | null | undefined,
  config: ConsentryConfig | string,
  options?: ReadOptions,
): ConsentRecord | null;

/** Whether `record` grants `category`, or `service` of it; `false` for `null`. */
export function hasConsent(record: ConsentRecord | null | undefined, category: string, service?: string): boolean;

/**
 * The `Set-Cookie` header values that forget the stored choice (a server-side
 * `reset()`), for a request to `host` at `path` (default `/`).
 */
export function resetCookies(config: ConsentryConfig | string, request: { host: string; path?: string }): string[];

/**
 * Loads the core, once. Node does it at import; elsewhere call it first:
 * without `source` it fetches the wasm next to the module; pass a
 * `WebAssembly.Module` where the runtime compiles wasm only from its own
 * imports (`import wasm from 'consentry/consentry_server_bg.wasm?module'`).
 */
export function loadCore(
  source?: WebAssembly.Module | BufferSource | URL | string | Response | PromiseLike<Response>,
): Promise<void>;

/** The config's warnings (one `path: message` line each); throws for an invalid config (`code: 'ERR_CONSENTRY_CONFIG'`). */
export function checkConfig(config: ConsentryConfig | string): string[];

/**
 * The category `url` needs before it may load on a page of `host` (the
 * tracker table, the config's `blocking.hosts` and `blocking.unknown`), as
 * the page's stub and core answer it; `null` for none.
 */
export function categoryFor(config: ConsentryConfig | string, url: string | URL, page: { host: string }): string | null;

/** Whether the cookie `name` matches a config cookie-name pattern such as `_ga_*` (the rule withdrawal deletes by). */
export function cookieMatches(pattern: string, name: string): boolean;
