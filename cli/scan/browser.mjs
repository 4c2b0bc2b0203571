// The browser: playwright-core (an optional peer dependency of the package,
// installed by those who scan) driving a Chromium already on the machine.
import { existsSync } from 'node:fs';

/** Chromium's flags for an unattended, quiet run (tests/e2e/harness.mjs uses them too). */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A problem the user fixes on their machine (exit code 2, no stack). */
export class SetupError extends Error {}

/** playwright-core's `chromium`, or a SetupError saying how to install it. */
export async function loadChromium() {
  try {
    return (await import('playwright-core')).chromium;
  } catch (e) {
    if (e && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND')) {
      throw new SetupError(
        'consentry scan drives Chromium through playwright-core, which is not installed.\n' +
          'Install it next to consentry (no browser download is needed):\n\n' +
          '  npm install --save-dev playwright-core\n',
      );
    }
    throw e;
  }
}

/** The Chromium to launch: --chromium, else $CHROME_PATH, else /usr/bin/chromium. */
export function chromiumPath(option, env = process.env) {
  const [path, from] = option ? [option, '--chromium'] : env.CHROME_PATH ? [env.CHROME_PATH, 'CHROME_PATH'] : ['/usr/bin/chromium', 'the default'];
  if (!existsSync(path)) {
    throw new SetupError(`consentry scan: no Chromium at ${path} (${from}); pass --chromium <path> or set CHROME_PATH`);
  }
  return path;
}
