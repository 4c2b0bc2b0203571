// Shared by services-cli.test.mjs and services.test.mjs.

/** The example site: a config that only names catalogue services. */
export const NAMED_ONLY = {
  categories: {
    necessary: { required: true, services: { wordpress: {} } },
    analytics: { services: { 'google-analytics': {}, 'yandex-metrica': {} } },
    marketing: { services: { 'meta-pixel': {} } },
  },
};
