// Type-checked with usage.ts: consentry/server, consentry/react and
// consentry/vue as a TypeScript site uses them.
import type { ConsentRecord, ConsentryConfig } from 'consentry';
import { readConsent, hasConsent, resetCookies, loadCore } from 'consentry/server';
import { useConsent, ConsentGate, setServerRecord } from 'consentry/react';
import { useConsent as useVueConsent } from 'consentry/vue';
import { ref, type ComputedRef } from 'vue';

const config: ConsentryConfig = { categories: { necessary: { required: true }, analytics: {}, embeds: {} } };

export async function server(request: Request): Promise<string[]> {
  await loadCore();
  const record: ConsentRecord | null = readConsent(request.headers.get('cookie'), config, {
    gpc: request.headers.get('sec-gpc') === '1',
    now: new Date(),
  });
  const on: boolean = hasConsent(record, 'analytics') || hasConsent(record, 'marketing', 'fb');
  setServerRecord(record);
  // @ts-expect-error the host is required
  resetCookies(config, { path: '/' });
  return on ? [] : resetCookies(JSON.stringify(config), { host: 'example.com' });
}

export function Page({ record }: { record: ConsentRecord | null }) {
  const analytics: boolean = useConsent('analytics');
  const fb: boolean = useConsent('marketing', 'fb', { record });
  return (
    <main>
      {analytics && fb ? <p>on</p> : null}
      <ConsentGate category="marketing" fallback={<p>off</p>} record={record}>
        <p>ads</p>
      </ConsentGate>
      <ConsentGate category="embeds" placeholder={{ src: 'https://www.youtube-nocookie.com/embed/x', width: 560 }}>
        <iframe title="Video" src="https://www.youtube-nocookie.com/embed/x" />
      </ConsentGate>
      {/* @ts-expect-error a gate needs its category */}
      <ConsentGate>nothing</ConsentGate>
    </main>
  );
}

export function setup(): ComputedRef<boolean> {
  const service = ref<string | undefined>('fb');
  useVueConsent(() => 'analytics');
  return useVueConsent('marketing', service, { record: null });
}
