// Waits for the events that show whether something happened, for tests that
// assert that something did NOT happen. A fixed sleep proves nothing on a
// slow machine; these wait for the page's own signal first, then settle for
// a bounded number of frames and one local round trip.

/**
 * Resolves once the core has started, or failed to: code queued with
 * `consentry.push` hears it. Resolves with 'started' or the error's message.
 */
export function coreOutcome(page) {
  return page.evaluate(
    () =>
      new Promise((ok) => {
        window.consentry = window.consentry || [];
        window.consentry.push((api, error) => ok(error ? error.message : 'started'));
      }),
  );
}

/**
 * Lets what the page has set going finish: two animation frames, each
 * followed by a task (timers, observer callbacks, events queued by then
 * run), then a request to the page's own origin and its answer (requests the
 * page made before it have reached the test's routes by then). Bounded: it
 * waits for no condition that might never come.
 */
export async function settle(target) {
  await target.evaluate(async () => {
    for (let i = 0; i < 2; i++) await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    await fetch(location.href, { method: 'HEAD', cache: 'no-store' }).catch(() => {});
  });
}

/** The dialog is in the page (its host's shadow root holds role=dialog). */
export const DIALOG_SHOWN = () =>
  !!document.getElementById('consentry-dialog')?.shadowRoot?.querySelector('[role=dialog]');
