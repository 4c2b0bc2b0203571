// consentry/vue: consent as a Vue composable.
//
//   const analytics = useConsent('analytics');   // a read-only ref: analytics.value
//
// Call it in `setup()` (or an effect scope): it follows the page's
// Consentry through its public API (consent-store.js) until the scope
// ends. Arguments may be refs or getters. During server rendering and
// hydration the answer is what the record given by setServerRecord(record)
// (or `options.record`) grants, nothing without one; once the core has
// started, the page's. `vue` is a peer dependency.
import { computed, getCurrentScope, onScopeDispose, shallowRef, toValue } from 'vue';
import { granted, setServerRecord, subscribe } from './consent-store.js';

export { setServerRecord };

/** A read-only ref: whether `category` (and `service` of it) is granted. */
export function useConsent(category, service, options) {
  const changes = shallowRef(0);
  if (getCurrentScope()) {
    onScopeDispose(subscribe(() => changes.value++));
  } else {
    console.warn('Consentry: useConsent() outside setup() or an effect scope does not follow changes');
  }
  return computed(() => {
    changes.value; // re-read on every change the page reports
    return granted(toValue(category), toValue(service), options ? toValue(options.record) : undefined);
  });
}
