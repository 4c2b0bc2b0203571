// The tag integrations a config names (googleConsentMode, metaPixel,
// microsoftUet): Google Consent Mode v2 (defaults when the stub did not push
// them, an update on every change), Meta Pixel's fbq('consent') and
// Microsoft UET's uetq consent. A chunk of its own (pkg/consentry-integrations.js),
// fetched only by the sites whose config names one of them (js/chunks.js).
// `settings` is the core's settings object; `granted(category)` answers for
// the current choice. GTM's dataLayer event is not here: it goes to every
// page that has a dataLayer (js/events.js).

function gtag() {
  // gtag.js reads only `arguments` objects from the dataLayer, never arrays.
  (window.dataLayer = window.dataLayer || []).push(arguments);
}

/** At start: the defaults nothing has pushed yet. */
export function pushDefaults(settings) {
  const consentMode = settings.googleConsentMode;
  // Consent Mode defaults, when the stub did not push them (npm use without the stub).
  if (consentMode && !window.__cyGcm) {
    window.__cyGcm = true;
    // (Before 0.2 the stub pushed them, with data-consent-mode on its tag.)
    console.warn(
      `Consentry: Consent Mode defaults pushed late; put <script src=".../consentry-consent-mode.js"> right after the stub so they precede every tag${
        document.querySelector('script[data-consent-mode]') ? ' (data-consent-mode on the stub tag does nothing now)' : ''
      }`,
    );
    const defaults = {
      ad_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
      analytics_storage: 'denied',
      functionality_storage: 'denied',
      personalization_storage: 'denied',
      security_storage: 'granted',
      wait_for_update: consentMode.waitForUpdate,
    };
    if (consentMode.region.length) defaults.region = consentMode.region;
    gtag('consent', 'default', defaults);
    if (consentMode.adsDataRedaction) gtag('set', 'ads_data_redaction', true);
    if (consentMode.urlPassthrough) gtag('set', 'url_passthrough', true);
  }
  if (settings.microsoftUet) (window.uetq = window.uetq || []).push('consent', 'default', { ad_storage: 'denied' });
}

/**
 * After a start with a stored choice and after every change: tells each
 * integration. `withdrawn`: there was a choice and it is gone (a reset), so
 * every type is denied. Runs before the dataLayer event of the same change,
 * so a GTM trigger on that event sees the Consent Mode update.
 */
export function tellIntegrations(settings, record, granted, withdrawn) {
  if (!record && !withdrawn) return;
  const consentMode = settings.googleConsentMode;
  if (consentMode) {
    // Each consent type is granted when any category that maps to it is.
    const values = {};
    for (const category in consentMode.map) {
      for (const type of consentMode.map[category]) {
        if (values[type] !== 'granted') values[type] = granted(category) ? 'granted' : 'denied';
      }
    }
    gtag('consent', 'update', values);
  }
  if (settings.metaPixel && typeof window.fbq === 'function') {
    window.fbq('consent', granted(settings.metaPixel) ? 'grant' : 'revoke');
  }
  if (settings.microsoftUet) {
    (window.uetq = window.uetq || []).push('consent', 'update', {
      ad_storage: granted(settings.microsoftUet) ? 'granted' : 'denied',
    });
  }
}
