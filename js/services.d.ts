// consentry/services: the known-services catalogue (data/services.json) and
// its expansion into a config, for build scripts (the `consentry services`
// command does the same from the command line; docs/services.md).
import type { ConsentryConfig, ServiceConfig } from './consentry.js';

/** One known service of the catalogue. */
export interface CatalogueService {
  title: string;
  provider: string;
  privacyPolicyUrl?: string;
  /** Its default category: necessary, preferences, analytics, marketing or embeds. */
  category: string;
  platform?: string;
  /** Tracker-table key shapes: `host`, `*.host`, `host/path`. */
  hosts: string[];
  cookies: { name: string; purpose: string; duration?: string; docs?: string }[];
  storage?: { name: string; type: 'localStorage' | 'sessionStorage' | 'indexedDB'; purpose: string; docs?: string }[];
  firstParty?: boolean;
}

/** The catalogue's services by key (`google-analytics`, `meta-pixel`, ...). */
export function loadCatalogue(file?: string | URL): Record<string, CatalogueService>;

/** A catalogue entry as a config service: its title, cookies and web storage, each with its provider. */
export function declaration(entry: CatalogueService): ServiceConfig;

/**
 * `config` with every service it names by a known key expanded from the
 * catalogue (a new object; fields the config gives itself win), the
 * services' hosts added to `blocking.hosts` as the category naming them,
 * and warnings as `path: message` lines (a key close to a known one, a
 * non-necessary service in a required category).
 */
export function expandServices(
  config: ConsentryConfig,
  catalogue?: Record<string, CatalogueService>,
): { config: ConsentryConfig; warnings: string[] };

/** The known key `key` probably misspells, if any. */
export function didYouMean(key: string, known: string[]): string | undefined;

/** `consentry services <args>`: resolves to the exit code. */
export function run(args: string[]): Promise<number>;
