/** consentry/vue: consent as a Vue composable. */
import type { ComputedRef, MaybeRefOrGetter } from 'vue';
import type { ConsentRecord } from './consentry.js';

export interface ConsentOptions {
  /** The record the server rendered with, for this composable (instead of setServerRecord). */
  record?: MaybeRefOrGetter<ConsentRecord | null | undefined>;
}

/** Whether `category` (and `service` of it) is granted, as a read-only ref. Call it in `setup()`. */
export function useConsent(
  category: MaybeRefOrGetter<string>,
  service?: MaybeRefOrGetter<string | undefined>,
  options?: ConsentOptions,
): ComputedRef<boolean>;

/** The record the server rendered with, used until the page's Consentry has started. */
export function setServerRecord(record: ConsentRecord | null | undefined): void;
