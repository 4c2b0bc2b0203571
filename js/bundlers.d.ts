/** Options of the consentry/vite and consentry/webpack plugins. */
import type { ConsentryConfig } from './consentry';

export interface HeadScriptsOptions {
  /** The config, put in a `<script type="application/json" id="consentry-config">` tag:
   * consentry.js starts from it, so the app need not call init(). */
  config?: ConsentryConfig;
  /** Inline consentry-consent-mode.js right after the stub (Google Consent Mode defaults). */
  consentMode?: boolean | { region?: string | string[]; adsDataRedaction?: boolean; urlPassthrough?: boolean };
}
