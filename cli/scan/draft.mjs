// consentry.config.json: the site's config (or a minimal one) with every
// classified cookie that was seen declared under its category, and the
// third-party hosts the tracker table does not know listed under
// blocking.hosts: with the category of what they were seen writing, or
// `false` (allowed) for the owner to confirm.
import { declarations } from './findings.mjs';
import { matchesPattern } from './patterns.mjs';
import { siteOf } from './site.mjs';
import { humanLifetime } from './analyse.mjs';

const ORDER = ['necessary', 'preferences', 'analytics', 'marketing', 'embeds'];
/** The strictest first: a host that writes marketing and analytics cookies is held for marketing. */
const STRICTNESS = ['marketing', 'analytics', 'preferences', 'embeds'];

const hostOf = (url) => {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
};

export function draftConfig({ base, passes, consentDetected, consentName }) {
  const draft = base && typeof base === 'object' ? structuredClone(base) : { revision: 1, categories: {} };
  if (!draft.categories || typeof draft.categories !== 'object') draft.categories = {};
  const category = (key) => {
    if (!draft.categories[key]) {
      // A minimal config lists categories in the usual order.
      const entries = Object.entries(draft.categories);
      entries.push([key, key === 'necessary' ? { required: true } : {}]);
      entries.sort(([a], [b]) => (base ? 0 : ORDER.indexOf(a) - ORDER.indexOf(b)));
      draft.categories = Object.fromEntries(entries);
    }
    return draft.categories[key];
  };
  const declared = () => declarations(draft);
  const live = passes.filter((p) => !p.skipped);

  category('necessary');
  for (const pass of live) {
    for (const c of pass.cookies) {
      if (!c.known || declared().some((d) => matchesPattern(d.pattern, c.name))) continue;
      if (c.name === consentName && !consentDetected) continue;
      const duration = c.retention || (c.transient ? 'unknown' : humanLifetime(c.lifetimeSeconds));
      const decl = { name: c.name === consentName ? c.name : c.pattern, provider: c.provider || '', purpose: c.purpose || '', duration };
      const target = category(c.category);
      target.cookies = [...(Array.isArray(target.cookies) ? target.cookies : []), decl];
    }
  }

  // Hosts the tracker table does not know, with what they were seen writing.
  const unknownHosts = new Set(live.flatMap((p) => p.requests.filter((r) => !r.category).map((r) => r.host)));
  const existing = draft.blocking?.hosts && typeof draft.blocking.hosts === 'object' ? draft.blocking.hosts : {};
  const hosts = { ...existing };
  for (const host of unknownHosts) {
    if (host in existing) continue;
    const wrote = live.flatMap((p) => [...p.cookies, ...p.storage]).filter(
      (x) => x.setBy?.some((u) => hostOf(u) === host) || (x.domain && siteOf(x.domain.replace(/^\./, '')) === siteOf(host) && !x.firstParty),
    );
    const strictest = STRICTNESS.find((s) => wrote.some((x) => x.category === s));
    hosts[host] = strictest || false;
    if (strictest) category(strictest);
  }
  if (Object.keys(hosts).length) draft.blocking = { ...(draft.blocking || {}), hosts };
  return draft;
}
