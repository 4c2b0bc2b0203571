// Statistics over the runs and the markdown report (bench/results.md):
// per setting (page × CPU throttling) a table of medians with ratios to the
// baseline measured in the same run, spreads, checks; the first-visit files
// per page; the Lighthouse table. Used by run.mjs.
import { METRICS } from './measure.mjs';

export const quantile = (sorted, q) => {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.ceil(i)] - sorted[lo]) * (i - lo);
};

export function stats(samples) {
  if (!samples.length) return null;
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), p25: quantile(s, 0.25), p75: quantile(s, 0.75), min: s[0], max: s[s.length - 1] };
}

export const median = (values) => (values.length ? quantile([...values].sort((a, b) => a - b), 0.5) : null);

export const fmt = (value, digits) =>
  value === null || value === undefined ? 'n/a' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function ratio(value, base) {
  if (value == null || base == null) return 'n/a';
  if (base === 0) return value === 0 ? '1.00×' : '—';
  return `${(value / base).toFixed(2)}×`;
}

/** Per product of one setting: statistics, checks, raw samples. */
export function summarise(product, runs, version) {
  const ok = runs.filter((r) => r.failure === undefined);
  const stat = {};
  const notAvailable = {};
  for (const metric of METRICS) {
    const values = runs.map((r) => r[metric.key]).filter((v) => typeof v === 'number' && Number.isFinite(v));
    stat[metric.key] = stats(values);
    if (!values.length) notAvailable[metric.key] = runs.find((r) => r.failure)?.failure || 'no sample';
  }
  const firstWithFiles = runs.find((r) => r.files);
  const tp = (phase) => runs.map((r) => r.thirdParty[phase]);
  return {
    name: product.name,
    version,
    lookup: product.lookup,
    files: firstWithFiles ? firstWithFiles.files : [],
    stats: stat,
    notAvailable,
    checks: {
      runs: runs.length,
      okRuns: ok.length,
      failures: runs.filter((r) => r.failure).map((r) => r.failure),
      missingTexts: [...new Set(runs.flatMap((r) => r.missingTexts || []))],
      heldRanEarly: runs.filter((r) => r.heldRanEarly).length,
      ranTwice: runs.filter((r) => r.libRuns > 1 || r.inlineRuns > 1).length,
      inlineBeforeLibrary: runs.filter((r) => r.inlineBeforeLibrary).length,
      lookupFalse: runs.filter((r) => r.lookupAnswersTrue === false).length,
      returningRuns: runs.filter((r) => r.returningDialogShown !== undefined).length,
      returningDialogShown: runs.filter((r) => r.returningDialogShown).length,
      fileSetsDiffer: new Set(runs.filter((r) => r.files).map((r) => r.files.map((f) => f.path).join(','))).size > 1,
      pageErrors: [...new Set(runs.flatMap((r) => r.errors))].slice(0, 5),
      // Third-party requests (answered on the machine by the fakes), median per run, and the distinct URLs before a choice.
      thirdPartyBeforeChoice: median(tp('beforeChoice').map((l) => l.length)),
      thirdPartyBeforeChoiceUrls: [...new Set(tp('beforeChoice').flat())].slice(0, 10),
      thirdPartyAfterAccept: median(tp('afterAccept').map((l) => l.length)),
      thirdPartyReturning: median(tp('returning').map((l) => l.length)),
    },
    samples: Object.fromEntries(METRICS.map((metric) => [metric.key, runs.map((r) => r[metric.key] ?? null)])),
  };
}

function settingTable(lines, setting, baseline) {
  const names = setting.products.map((p) => p.name);
  const by = Object.fromEntries(setting.products.map((p) => [p.name, p]));
  const base = by[baseline];
  lines.push(`| metric | ${names.map((n) => `${n} ${by[n].version}`).join(' | ')} |`);
  lines.push(`|---|${names.map(() => '---:').join('|')}|`);
  for (const metric of METRICS) {
    const cells = names.map((n) => {
      const s = by[n].stats[metric.key];
      if (!s) return 'n/a';
      return `${fmt(s.median, metric.digits)} ${metric.unit} (${ratio(s.median, base.stats[metric.key]?.median)})`;
    });
    lines.push(`| ${metric.title} | ${cells.join(' | ')} |`);
  }
  lines.push(`| returning visit: dialog shown | ${names.map((n) => `${by[n].checks.returningDialogShown} of ${by[n].checks.returningRuns}`).join(' | ')} |`);
  lines.push(`| third-party requests: before a choice / after accept / returning visit (median per run) | ${names.map((n) => {
    const c = by[n].checks;
    return `${fmt(c.thirdPartyBeforeChoice, 0)} / ${fmt(c.thirdPartyAfterAccept, 0)} / ${fmt(c.thirdPartyReturning, 0)}`;
  }).join(' | ')} |`);
  lines.push('');
  lines.push('Spread (p25–p75; min–max):');
  lines.push('');
  lines.push(`| metric | ${names.join(' | ')} |`);
  lines.push(`|---|${names.map(() => '---:').join('|')}|`);
  for (const metric of METRICS.filter((x) => !x.key.startsWith('bytes'))) {
    const cells = names.map((n) => {
      const s = by[n].stats[metric.key];
      if (!s) return 'n/a';
      const d = metric.digits;
      return `${fmt(s.p25, d)}–${fmt(s.p75, d)}; ${fmt(s.min, d)}–${fmt(s.max, d)}`;
    });
    lines.push(`| ${metric.title} (${metric.unit}) | ${cells.join(' | ')} |`);
  }
  lines.push('');
  lines.push('Checks:');
  lines.push('');
  for (const p of setting.products) {
    const c = p.checks;
    lines.push(
      `- ${p.name}: ${c.okRuns} of ${c.runs} runs complete; dialog texts missing: ${c.missingTexts.length ? c.missingTexts.join(', ') : 'none'}; ` +
        `held scripts ran before a choice: ${c.heldRanEarly} runs; library/snippet ran more than once: ${c.ranTwice} runs; ` +
        `snippet ran before the library: ${c.inlineBeforeLibrary} runs; lookup answered false after Accept all: ${c.lookupFalse} runs; ` +
        `file set differed between runs: ${c.fileSetsDiffer ? 'yes' : 'no'}; ` +
        `page errors: ${c.pageErrors.length ? c.pageErrors.join(' / ') : 'none'}; ` +
        `third-party URLs before a choice: ${c.thirdPartyBeforeChoiceUrls.length ? c.thirdPartyBeforeChoiceUrls.join(', ') : 'none'}`,
    );
    for (const [key, reason] of Object.entries(p.notAvailable)) lines.push(`  - ${key}: n/a — ${reason}`);
    for (const f of c.failures.slice(0, 5)) lines.push(`  - failed run: ${f}`);
  }
  lines.push('');
}

function lighthouseTable(lines, lh, baseline) {
  lines.push(`## Lighthouse ${lh.version}, ${lh.preset} preset, ${lh.page} page (median of ${lh.runs} runs)`);
  lines.push('');
  lines.push(lh.note);
  lines.push('');
  const base = lh.products.find((p) => p.name === baseline);
  const cols = [
    ['score', 'performance score', 0, ''],
    ['lcp', 'LCP', 0, ' ms'],
    ['tbt', 'TBT', 0, ' ms'],
    ['cls', 'CLS', 3, ''],
    ['fcp', 'FCP', 0, ' ms'],
    ['si', 'Speed Index', 0, ' ms'],
    ['productScriptMs', "main-thread time of the product's scripts (bootup-time)", 0, ' ms'],
  ];
  lines.push(`| metric | ${lh.products.map((p) => p.name).join(' | ')} |`);
  lines.push(`|---|${lh.products.map(() => '---:').join('|')}|`);
  for (const [key, title, digits, unit] of cols) {
    const cells = lh.products.map((p) => {
      const v = p.median[key];
      if (v == null) return `n/a${p.failures.length ? ` (${p.failures[0]})` : ''}`;
      return `${fmt(v, digits)}${unit} (${ratio(v, base?.median[key])})`;
    });
    lines.push(`| ${title} | ${cells.join(' | ')} |`);
  }
  lines.push(`| runs complete | ${lh.products.map((p) => `${p.samples.length} of ${lh.runs}`).join(' | ')} |`);
  lines.push(`| third-party requests (before a choice) | ${lh.products.map((p) => p.thirdPartyRequests.length).join(' | ')} |`);
  lines.push('');
}

/** The whole report. */
export function markdown(results) {
  const m = results.machine;
  const lines = ['# Benchmark results', ''];
  lines.push(
    `Measured ${results.date} on ${m.cpu} (${m.cores} cores, load average at start ${m.loadAverageStart}, at end ${m.loadAverageEnd}), ${m.chromium}, Node ${m.node}. ` +
      `Per setting ${results.runs} interleaved runs per product (fresh context each), after ${results.warmupRounds} warm-up round; settings interleaved too. ` +
      `Medians, and the ratio to ${results.baseline} measured in the same run (for calls per second more is better, for everything else less is better).`,
  );
  lines.push('Method and caveats: bench/README.md. Raw samples: bench/results.json. A ratio of "—": the baseline\'s median is 0. Rows marked (context) are not the product\'s own work.');
  lines.push('');
  for (const setting of results.settings) {
    lines.push(`## ${setting.title}`);
    lines.push('');
    settingTable(lines, setting, results.baseline);
  }
  for (const lh of results.lighthouse) lighthouseTable(lines, lh, results.baseline);
  lines.push('## Files fetched before the dialog was visible (first measured run, unthrottled)');
  lines.push('');
  lines.push('| page | product | file | raw | gzip -9 | brotli 11 |');
  lines.push('|---|---|---|---:|---:|---:|');
  for (const setting of results.settings.filter((s) => s.throttle === 1)) {
    for (const p of setting.products) {
      for (const f of p.files) lines.push(`| ${setting.page} | ${p.name} | ${f.path} | ${fmt(f.raw, 0)} | ${fmt(f.gzip, 0)} | ${fmt(f.brotli, 0)} |`);
    }
  }
  lines.push('');
  lines.push(`Lookups: ${results.settings[0].products.map((p) => `${p.name} \`${p.lookup}\``).join('; ')}.`);
  return lines.join('\n') + '\n';
}
