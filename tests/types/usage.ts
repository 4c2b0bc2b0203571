// Type-checked by `npm test` (tsc --noEmit): the package's types, used the way
// a TypeScript site would. Lines marked @ts-expect-error must stay errors.
import consentry, {
  type ConsentRecord,
  type ConsentryConfig,
  type ConsentChange,
  type ConsentryError,
  type ConsentryErrorCode,
} from 'consentry';
import { expandServices, loadCatalogue } from 'consentry/services';

const config: ConsentryConfig = {
  revision: 2,
  cookie: { name: 'consent', expiresDays: 182, sameSite: 'Lax', secure: true },
  privacyPolicyUrl: '/privacy',
  ui: { layout: 'bar', colorScheme: 'auto', floatingButton: true, buttonOrder: 'reject-first' },
  categories: {
    necessary: { required: true, cookies: ['session'] },
    analytics: {
      title: { en: 'Statistics', de: 'Statistik' },
      cookies: [{ name: '_ga_*', provider: 'Google', purpose: 'Visits', duration: '2 years' }],
      localStorage: ['_hjid*', { name: 'mp_prefs', purpose: 'Settings' }],
      sessionStorage: ['mp_*'],
      indexedDB: ['firebase-*'],
    },
    marketing: { sale: true, services: { fb: { title: 'Meta Pixel', localStorage: ['_fbq'] } } },
  },
  texts: { de: { acceptAll: 'Alle akzeptieren' } },
  googleConsentMode: { map: { analytics: ['analytics_storage'] }, region: ['ES'], waitForUpdate: 500 },
  metaPixel: 'marketing',
  microsoftUet: false,
  consentLog: { endpoint: '/receipts' },
  blocking: { hosts: { 'cdn.example.net': 'analytics', 'static.hotjar.com': false } },
  reloadOnWithdraw: true,
};

async function main(): Promise<void> {
  await consentry.init(config);
  const granted: boolean = consentry.hasConsent('analytics');
  const service: boolean = consentry.hasConsent('marketing', 'fb');
  const record: ConsentRecord | null = consentry.getConsent();
  if (record) {
    const when: string = record.updatedAt;
    const method: 'accept-all' | 'reject-all' | 'custom' | 'gpc' | 'opt-out' = record.method;
    const fb: boolean | undefined = record.services.marketing?.fb;
    void [when, method, fb];
  }
  consentry.acceptAll();
  consentry.rejectAll();
  consentry.accept(['analytics']);
  consentry.accept('analytics');
  consentry.optOut(['marketing']);
  consentry.optOut();
  consentry.show();
  consentry.showPreferences();
  consentry.hide();
  consentry.reset();
  const off: () => void = consentry.on('change', (c: ConsentChange) => {
    const now: boolean | undefined = c.changed.categories.analytics;
    void now;
  });
  off();
  consentry.on('show', (layer) => {
    const l: 'first' | 'preferences' = layer;
    void l;
  });
  consentry.on('ready', (api) => api.hasConsent('analytics'));
  consentry.whenGranted('analytics', (api) => api.getConsent());
  consentry.push((api) => api.show());
  consentry.push((api, error) => {
    const code: ConsentryErrorCode | undefined = error?.code;
    void [api, code];
  });
  try {
    consentry.accept(['nope']);
  } catch (e) {
    const code: ConsentryErrorCode = (e as ConsentryError).code;
    void code;
  }
  window.addEventListener('consentry:change', (e) => {
    const r: ConsentRecord | null = e.detail;
    void r;
  });
  void [granted, service];

  // @ts-expect-error: categories are named by string
  consentry.hasConsent(5);
  // @ts-expect-error: not an event
  consentry.on('clicked', () => {});
  // @ts-expect-error: not an error code
  const wrong: ConsentryErrorCode = 'oops';
  void wrong;
  // @ts-expect-error: layouts are box, bar or modal
  const bad: ConsentryConfig = { categories: {}, ui: { layout: 'popup' } };
  void bad;
}

void main;

// consentry/services in a build script: the expanded config is a config.
const expanded: { config: ConsentryConfig; warnings: string[] } = expandServices(
  { categories: { analytics: { services: { 'google-analytics': {} } } } },
  loadCatalogue(),
);
const served: ConsentryConfig = expanded.config;
void served;
// @ts-expect-error the catalogue's entries have a title
loadCatalogue()['google-analytics'].name;
