// Type-checked by `npm test` (tsc --noEmit): window.consentry at each stage,
// as page code that never imports the package uses it (the stub's queue
// first, the API once the core has started).
import type { Consentry, ConsentryQueue } from 'consentry';

// Before the core: the queue. push() and hasConsent() are there at both stages.
window.consentry.push((api, error) => {
  if (error) {
    const code: string = error.code;
    void code;
    return;
  }
  // After `ready` (a pushed function runs once started): the whole API.
  const granted: boolean = window.consentry.hasConsent('analytics');
  const service: boolean = api.hasConsent('marketing', 'fb');
  api.on('change', () => window.consentry.hasConsent('analytics'));
  void [granted, service];
});
const early: boolean = window.consentry.hasConsent('analytics');
void early;

// The rest of the API once narrowed from the queue.
if (!Array.isArray(window.consentry)) {
  const api: Consentry = window.consentry;
  api.on('ready', (ready) => ready.showPreferences());
}
const queue: ConsentryQueue | Consentry = window.consentry;
void queue;

// @ts-expect-error: the queue has no show() before the core has started
window.consentry.show();
// @ts-expect-error: categories are named by string
window.consentry.hasConsent(1);
