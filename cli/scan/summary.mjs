// The terminal summary: what was found, in a few lines, and where the files are.
const PASS_NAMES = { none: 'no choice', accept: 'accept all', reject: 'reject all' };

export function summary(report, files) {
  const f = report.findings;
  const lines = [];
  lines.push(`consentry scan: ${report.start} — ${report.pages.length} page(s)${report.complete ? '' : ' (interrupted: partial report)'}`);
  if (!report.consentry.detected) lines.push('  The site does not run Consentry: only the first pass (no choice) was made.');
  for (const p of report.passes) {
    if (p.skipped) continue;
    const cats = Object.entries(p.counts)
      .map(([c, n]) => `${c} ${n.cookies}/${n.storage}/${n.requests}`)
      .join(', ');
    lines.push(`  ${PASS_NAMES[p.id].padEnd(11)} cookies/storage/requests: ${cats || 'none'}`);
  }
  const failed = report.passes[0]?.pages.filter((p) => p.error || p.status >= 400) || [];
  for (const p of failed) lines.push(`  not loaded: ${p.url} (${p.error || `HTTP ${p.status}`})`);
  lines.push('');
  lines.push(`  violations:         ${f.violations.length}`);
  for (const v of f.violations.slice(0, 10)) lines.push(`    ${PASS_NAMES[v.pass]}: ${v.kind} ${v.name} (${v.category})`);
  if (f.violations.length > 10) lines.push(`    … ${f.violations.length - 10} more in report.html`);
  lines.push(`  undeclared cookies: ${f.undeclared.length}${f.undeclared.length ? ' — ' + f.undeclared.map((u) => u.name).join(', ') : ''}`);
  lines.push(`  declared, unseen:   ${f.unused.length}${f.unused.length ? ' — ' + f.unused.map((u) => u.pattern).join(', ') : ''}`);
  lines.push(`  over 13 months:     ${f.retention.length}${f.retention.length ? ' — ' + f.retention.map((r) => r.name).join(', ') : ''}`);
  lines.push(`  unclassified:       ${f.unknown.cookies.length} cookie(s), ${f.unknown.storage.length} storage key(s); unknown hosts: ${f.unknown.hosts.length}`);
  if (!report.draft.valid) lines.push(`  the draft config does not pass Consentry's own check: ${report.draft.error}`);
  lines.push('');
  for (const [what, path] of Object.entries(files)) lines.push(`  ${what.padEnd(23)}${path}`);
  return lines.join('\n') + '\n';
}
