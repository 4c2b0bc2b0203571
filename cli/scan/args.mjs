// The command line of `consentry scan`.

export const USAGE = `usage: consentry scan <url> [options]

Crawls <url>'s same-origin pages in Chromium three times: with no choice made,
after "Accept all" and after "Reject all" (through the site's Consentry API;
only the first pass when the site does not run Consentry). Records cookies,
localStorage/sessionStorage keys, IndexedDB databases and third-party
requests; classifies them; writes report.json, report.html and a draft
consentry.config.json.

options:
  --pages <n>          pages to visit, breadth-first (default 20)
  --config <file>      the site's Consentry config (default: the page's
                       #consentry-config tag, else a minimal one)
  --out <dir>          where to write the reports (default ./consentry-scan)
  --json               print report.json to stdout instead of the summary
  --fail-on <list>     exit 1 when any of these is found: violations,
                       undeclared, unused, retention (comma-separated)
  --chromium <path>    the browser (default $CHROME_PATH, else /usr/bin/chromium)
  --host-map <rule>    host=origin: answer that host's requests from origin
                       (repeatable; host may be *.name or *)
  --timeout <ms>       per page load (default 30000)
  -h, --help           this text

exit codes: 0 done; 1 --fail-on matched; 2 usage or set-up error; 130 interrupted.
`;

export const FAIL_ON = ['violations', 'undeclared', 'unused', 'retention'];

export class UsageError extends Error {}

const integer = (name, text, min, max) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} takes a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return n;
};

/** Options from argv (the words after `scan`); throws UsageError. */
export function parseArgs(argv) {
  const o = { url: null, pages: 20, config: null, out: 'consentry-scan', json: false, failOn: [], chromium: null, hostMap: [], timeout: 30000, help: false };
  const words = [...argv];
  const value = (flag) => {
    if (!words.length || words[0].startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return words.shift();
  };
  while (words.length) {
    const word = words.shift();
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    if (eq > 0) {
      words.unshift(word.slice(eq + 1));
      words.unshift(word.slice(0, eq));
      continue;
    }
    switch (word) {
      case '-h':
      case '--help':
        o.help = true;
        break;
      case '--pages':
        o.pages = integer('--pages', value(word), 1, 10000);
        break;
      case '--config':
        o.config = value(word);
        break;
      case '--out':
        o.out = value(word);
        break;
      case '--json':
        o.json = true;
        break;
      case '--fail-on':
        for (const what of value(word).split(',').map((s) => s.trim()).filter(Boolean)) {
          if (!FAIL_ON.includes(what)) throw new UsageError(`--fail-on takes ${FAIL_ON.join(', ')}; not ${JSON.stringify(what)}`);
          o.failOn.push(what);
        }
        break;
      case '--chromium':
        o.chromium = value(word);
        break;
      case '--host-map':
        o.hostMap.push(value(word));
        break;
      case '--timeout':
        o.timeout = integer('--timeout', value(word), 1000, 600000);
        break;
      default:
        if (word.startsWith('-')) throw new UsageError(`unknown option ${word}`);
        if (o.url) throw new UsageError(`one URL only (got ${o.url} and ${word})`);
        o.url = word;
    }
  }
  if (o.help) return o;
  if (!o.url) throw new UsageError('which site? give its URL, e.g. consentry scan https://example.com');
  let url;
  try {
    url = new URL(o.url);
  } catch {
    throw new UsageError(`${JSON.stringify(o.url)} is not a URL; give e.g. https://example.com`);
  }
  if (!/^https?:$/.test(url.protocol)) throw new UsageError(`only http and https sites can be scanned, not ${url.protocol}`);
  o.url = url.href;
  return o;
}
