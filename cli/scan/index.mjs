// `consentry scan <url>`: crawl, classify, report, draft the config.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parseArgs, USAGE, UsageError } from './args.mjs';
import { loadChromium, chromiumPath, CHROMIUM_ARGS, SetupError } from './browser.mjs';
import { parseHostMap } from './hostmap.mjs';
import { crawl, consentCookieName } from './crawl.mjs';
import { hostClassifier, startCore } from './classify.mjs';
import { analysePasses, nameClassifier } from './analyse.mjs';
import { findings } from './findings.mjs';
import { draftConfig } from './draft.mjs';
import { reportHtml } from './report-html.mjs';
import { summary } from './summary.mjs';
import { progress as createProgress } from './progress.mjs';

// The package's version (pkg/package.json in the package, the workspace's in a clone).
const VERSION = (() => {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
  } catch {
    return 'unknown';
  }
})();

/** Whether a config text is one the core accepts: { valid, error?, warnings }. */
async function checkConfig(text) {
  try {
    const { warnings } = await startCore(text);
    return { valid: true, warnings };
  } catch (e) {
    return { valid: false, error: String(e.message || e), warnings: [] };
  }
}

/** The report from a crawl (exported for tests: no browser needed). */
export async function buildReport(raw, { start, options, configText, configSource, startedAt }) {
  const config = configText ? await checkConfig(configText) : { valid: true, warnings: [] };
  let parsed = null;
  if (configText) {
    try {
      parsed = JSON.parse(configText);
    } catch {
      parsed = null;
    }
  }
  const siteHost = new URL(start).hostname;
  const classifyHost = await hostClassifier(config.valid ? configText : null, siteHost);
  const classifyName = nameClassifier(configText);
  const passes = analysePasses(raw, { classifyName, classifyHost, siteHost });
  const consentName = consentCookieName(configText);
  const found = findings(passes, { config: parsed, consentName });
  const draft = draftConfig({ base: parsed, passes, consentDetected: raw.consentry.detected, consentName });
  const draftCheck = await checkConfig(JSON.stringify(draft));
  return {
    tool: 'consentry scan',
    version: VERSION,
    start,
    origin: raw.origin,
    startedAt,
    finishedAt: new Date().toISOString(),
    complete: raw.complete,
    options,
    consentry: raw.consentry,
    config: { source: configSource, valid: config.valid, ...(config.error ? { error: config.error } : {}), warnings: config.warnings },
    pages: raw.pages,
    passes,
    findings: found,
    draft: { valid: draftCheck.valid, ...(draftCheck.error ? { error: draftCheck.error } : {}), config: draft },
    summary: {
      violations: found.violations.length,
      undeclared: found.undeclared.length,
      unused: found.unused.length,
      retention: found.retention.length,
      clean: found.violations.length === 0 && found.undeclared.length === 0,
    },
  };
}

/** The dispatcher's entry (bin/consentry.mjs). */
export const run = (args) => scan(args);

export default async function scan(argv, { stdout = process.stdout, stderr = process.stderr } = {}) {
  let options;
  let hostMap;
  try {
    options = parseArgs(argv);
    if (options.help) {
      stdout.write(USAGE);
      return 0;
    }
    hostMap = parseHostMap(options.hostMap);
  } catch (e) {
    stderr.write(`consentry scan: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  let configText = null;
  if (options.config) {
    try {
      configText = await readFile(options.config, 'utf8');
      JSON.parse(configText);
    } catch (e) {
      stderr.write(`consentry scan: --config ${options.config}: ${e.code === 'ENOENT' ? 'no such file' : e.message}\n`);
      return 2;
    }
  }
  let chromium;
  let executablePath;
  try {
    chromium = await loadChromium();
    executablePath = chromiumPath(options.chromium);
  } catch (e) {
    if (e instanceof SetupError || e instanceof UsageError) {
      stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }

  const startedAt = new Date().toISOString();
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(130);
    stderr.write('\nconsentry scan: interrupted; closing the browser and writing a partial report (Ctrl-C again to quit now)\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  const progress = createProgress(stderr);
  let raw;
  try {
    raw = await crawl({
      chromium,
      executablePath,
      args: CHROMIUM_ARGS,
      start: options.url,
      maxPages: options.pages,
      timeout: options.timeout,
      hostMap,
      configText,
      signal: abort.signal,
      progress,
    });
  } finally {
    progress.end();
    process.off('SIGINT', onSigint);
  }
  const configSource = configText ? options.config : raw.pageConfigText ? 'the page (#consentry-config)' : 'none (a minimal one)';
  const report = await buildReport(raw, {
    start: options.url,
    options: { pages: options.pages, config: options.config, failOn: options.failOn, hostMap: options.hostMap },
    configText: configText ?? raw.pageConfigText,
    configSource,
    startedAt,
  });

  const dir = resolve(options.out);
  await mkdir(dir, { recursive: true });
  const files = {
    'report.json': join(dir, 'report.json'),
    'report.html': join(dir, 'report.html'),
    'consentry.config.json': join(dir, 'consentry.config.json'),
  };
  await writeFile(files['report.json'], JSON.stringify(report, null, 2) + '\n');
  await writeFile(files['report.html'], reportHtml(report));
  await writeFile(files['consentry.config.json'], JSON.stringify(report.draft.config, null, 2) + '\n');
  stdout.write(options.json ? JSON.stringify(report, null, 2) + '\n' : summary(report, files));

  if (!raw.complete) return 130;
  const loaded = report.passes[0].pages.filter((p) => !p.error && p.status !== null && p.status < 400);
  if (!loaded.length) {
    const first = report.passes[0].pages[0];
    stderr.write(`consentry scan: could not load ${options.url}: ${first?.error || `HTTP ${first?.status}`}\n`);
    return 2;
  }
  const failed = options.failOn.filter((what) => report.summary[what] > 0);
  if (failed.length) {
    stderr.write(`consentry scan: failing on ${failed.join(', ')} (--fail-on)\n`);
    return 1;
  }
  return 0;
}
