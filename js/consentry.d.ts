/** Consentry: cookie consent in Rust/WebAssembly. */

/** A text for all languages, or per language code (`{ en: "…", de: "…" }`). */
export type LocalText = string | Record<string, string>;

/** A cookie (or storage entry) a category or service sets; `name` may hold `*` (`_ga_*`). */
export type CookieDeclaration =
  | string
  | { name: string; provider?: string; purpose?: string; duration?: string };

/**
 * What a category or service stores in the browser: deleted when it is
 * withdrawn and listed in the preferences layer's table. Cookie names;
 * `localStorage` and `sessionStorage` key names; IndexedDB database names.
 * Any of them may hold `*` (`_hjSession*`); storage keys may be any text.
 */
export interface StorageDeclarations {
  cookies?: CookieDeclaration[];
  localStorage?: CookieDeclaration[];
  sessionStorage?: CookieDeclaration[];
  indexedDB?: CookieDeclaration[];
}

export interface ServiceConfig extends StorageDeclarations {
  title?: LocalText;
  description?: LocalText;
}

export interface CategoryConfig extends StorageDeclarations {
  /** Strictly necessary: always on, cannot be switched off. */
  required?: boolean;
  title?: LocalText;
  description?: LocalText;
  services?: Record<string, ServiceConfig>;
  cookies?: CookieDeclaration[];
  /** Sale or sharing of personal data, targeted advertising: a Global Privacy Control signal opts out of it. */
  sale?: boolean;
  sharing?: boolean;
  targetedAds?: boolean;
  /** Sensitive personal data: the opt-out dialog's "limit use" switch (docs/regions.md). */
  sensitive?: boolean;
}

/** What a region's law asks for (docs/regions.md). */
export type RegionRule = 'opt-in' | 'opt-out' | 'notice' | 'none';

/** Google Consent Mode v2 consent types. */
export type ConsentType =
  | 'ad_storage'
  | 'ad_user_data'
  | 'ad_personalization'
  | 'analytics_storage'
  | 'functionality_storage'
  | 'personalization_storage'
  | 'security_storage';

export interface ConsentryConfig {
  /** Bump when purposes or vendors change: everyone is asked again. */
  revision?: number;
  cookie?: {
    name?: string;
    domain?: string;
    path?: string;
    /** Default 182; more than 395 is clamped. */
    expiresDays?: number;
    sameSite?: 'Lax' | 'Strict' | 'None';
    /** Default: on when the page is https. */
    secure?: boolean;
  };
  /** Category key → settings, in display order. */
  categories: Record<string, CategoryConfig>;
  defaultLanguage?: string;
  /** Forces a language over `<html lang>` and the browser's. */
  language?: string;
  privacyPolicyUrl?: string;
  /** Overrides of the dialog texts: language → key → text. */
  texts?: Record<string, Record<string, string>>;
  ui?: {
    /** `box` (corner, default), `bar` (bottom), `modal` (centre). */
    layout?: 'box' | 'bar' | 'modal';
    /** Default `auto`: follows prefers-color-scheme. */
    colorScheme?: 'auto' | 'light' | 'dark';
    /** A persistent "Cookie settings" button once a choice exists. */
    floatingButton?: boolean;
    buttonOrder?: 'accept-first' | 'reject-first';
  };
  /** Honour navigator.globalPrivacyControl (default true). */
  gpc?: boolean;
  /** Google Consent Mode v2: `true` for the defaults, or settings. */
  googleConsentMode?:
    | boolean
    | {
        enabled?: boolean;
        /** Category → consent types it grants. */
        map?: Record<string, ConsentType[]>;
        region?: string[];
        adsDataRedaction?: boolean;
        urlPassthrough?: boolean;
        /** Milliseconds; default 500. */
        waitForUpdate?: number;
      };
  /** The category that governs `fbq('consent', …)`, or false. */
  metaPixel?: string | false;
  /** The category that governs `uetq.push('consent', …, {ad_storage})`, or false. */
  microsoftUet?: string | false;
  /** POST a receipt of each decision here (queued until acknowledged). */
  consentLog?: { endpoint: string };
  /** `hosts`: tracker hosts the site adds, remaps (to a category key) or allows (`false`):
   * `cdn.example.net`, `*.example.net` (and subdomains), `www.example.net/path`.
   * `unknown`: `"allow"` (the default) or the category key every third-party URL
   * the table and `hosts` do not know is held as (strict mode). */
  blocking?: { hosts?: Record<string, string | false>; unknown?: string };
  /** Reload the page when a decision withdraws a category whose scripts already ran. */
  reloadOnWithdraw?: boolean;
  /** IAB TCF v2.3 (docs/tcf.md): include consentry-tcf-stub.js right after the stub. */
  tcf?: {
    /** The IAB's CMP id (production needs its CMP registration), 2..4095. */
    cmpId: number;
    cmpVersion: number;
    /** The trimmed vendor list (`npx consentry gvl`), served from the site's origin. */
    gvl: string;
    /** The vendors' GVL ids. */
    vendors: number[];
    /** Two capital letters; default `AA` (unknown). */
    publisherCountryCode?: string;
    /** Google Ad Tech Provider ids for the Additional Consent string (`tcData.addtlConsent`). */
    googleAdditionalConsent?: number[];
    purposeOneTreatment?: boolean;
    /** Sets `tcData.enableAdvertiserConsentMode`: Google's tags derive Consent Mode from the TC string. */
    enableAdvertiserConsentMode?: boolean;
  };
  /** Region code (`EU`, `US`, `US-CA`, `*`) -> rule; the page's region from `<html data-consentry-region>`. */
  regions?: Record<string, RegionRule>;
  /** The GPP string's US sections and `__gpp` (with consentry-gpp-stub.js). */
  gpp?: boolean | { sections: Array<'usnat' | 'usca'> };
}

export type ConsentMethod = 'accept-all' | 'reject-all' | 'custom' | 'gpc' | 'opt-out';

export interface ConsentRecord {
  id: string;
  revision: number;
  /** ISO 8601, UTC. */
  createdAt: string;
  updatedAt: string;
  method: ConsentMethod;
  gpc: boolean;
  categories: Record<string, boolean>;
  /** category → service → granted */
  services: Record<string, Record<string, boolean>>;
}

export type ConsentryEvent = 'ready' | 'consent' | 'change' | 'show' | 'hide';

/** What a change changed: the new values only. */
export interface ConsentChange {
  record: ConsentRecord | null;
  changed: {
    categories: Record<string, boolean>;
    services: Record<string, Record<string, boolean>>;
  };
}

export interface ConsentryEvents {
  ready: Consentry;
  /** The first choice. */
  consent: ConsentRecord;
  change: ConsentChange;
  /** Which layer was shown. */
  show: 'first' | 'preferences';
  hide: undefined;
}

/**
 * The `code` of every error Consentry throws or passes to queued code:
 * - `config-invalid`: the config has problems (the message lists each with its path);
 * - `no-config`: init() without a config and no #consentry-config tag;
 * - `not-started`: a call that needs the core before init() has finished;
 * - `unknown-category`, `unknown-service`: a name the config does not have;
 * - `bad-argument`: an argument of the wrong type or shape (a TypeError);
 * - `core-timeout`: the core did not load in time (nothing is granted).
 */
export type ConsentryErrorCode =
  | 'config-invalid'
  | 'no-config'
  | 'not-started'
  | 'unknown-category'
  | 'unknown-service'
  | 'bad-argument'
  | 'core-timeout';

/** An Error (a TypeError for `bad-argument`) with a stable `code`; the message starts with "Consentry:". */
export interface ConsentryError extends Error {
  code: ConsentryErrorCode;
}

export interface Consentry {
  /** Starts with `config`, or without it from `#consentry-config`. Resolves once running;
   * rejects with a {@link ConsentryError} (`config-invalid`, `no-config`). */
  init(config?: ConsentryConfig): Promise<void>;
  /** Synchronous; `false` until a choice exists. */
  hasConsent(category: string, service?: string): boolean;
  getConsent(): ConsentRecord | null;
  acceptAll(): void;
  rejectAll(): void;
  /** Grants exactly these categories (plus the required ones), denies the rest.
   * Throws a {@link ConsentryError}: `unknown-category`, `bad-argument`, `not-started`. */
  accept(categories: string | string[]): void;
  /** Withdraws these categories, or every optional one. */
  optOut(categories?: string | string[]): void;
  /** Opens the first layer. */
  show(): void;
  /** Opens the preferences layer; the switches show the stored choice. */
  showPreferences(): void;
  /** Closes the dialog; grants nothing. */
  hide(): void;
  /** Forgets the stored choice and asks again; tracker blocking holds again until the next choice. */
  reset(): void;
  /** The category `url` needs before it may load (the tracker table the
   * stub hands over, the config's `blocking.hosts` and `blocking.unknown`),
   * or `null`. Without the stub only the config's entries are known. */
  categoryFor(url: string | URL): string | null;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends ConsentryEvent>(event: E, handler: (detail: ConsentryEvents[E]) => void): () => void;
  /** Runs `fn` now if `category` is granted, else once it is. */
  whenGranted(category: string, fn: (api: Consentry) => void): void;
  /** Runs `fn` with the API once started (the stub's queue contract). If the
   * core fails to start, `fn` runs with the error as second argument and an
   * API that grants nothing. */
  push(fn: (api: Consentry, error?: ConsentryError) => void): void;
}

declare const consentry: Consentry;
export default consentry;

/**
 * `window.consentry` before the core has started: the stub's queue (an
 * array). `push(fn)` queues `fn` to run with the API once started (or with
 * the error if the start failed); `hasConsent()` answers `false`, as
 * nothing is decided yet. The core replaces it with the {@link Consentry}
 * API, which has both too.
 */
export interface ConsentryQueue extends Array<(api: Consentry, error?: ConsentryError) => void> {
  hasConsent(category: string, service?: string): false;
}

declare global {
  interface Window {
    /** The stub's queue until the core has started, then the API (the npm default export).
     * `push` and `hasConsent` work at both stages; narrow with `!Array.isArray(window.consentry)`
     * (or use the `api` a pushed function gets) for the rest. */
    consentry: Consentry | ConsentryQueue;
  }
  interface WindowEventMap {
    'consentry:change': CustomEvent<ConsentRecord | null>;
  }
}
