// report.html: one self-contained, accessible page (no external assets):
// the findings first, then a chart and the numbers per category and pass,
// then each pass's cookies, storage and third-party requests.
import { barChart, CATEGORY_ORDER } from './chart.mjs';
import { humanLifetime } from './analyse.mjs';

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const PASS_NAMES = { none: 'No choice', accept: 'Accept all', reject: 'Reject all' };
const badge = (category) => `<span class="cat cat-${esc(category || 'unknown')}">${esc(category || 'unknown')}</span>`;
const code = (s) => `<code>${esc(s)}</code>`;

/** Up to three URLs, then how many more. */
const urls = (list) => list.slice(0, 3).map(code).join('<br>') + (list.length > 3 ? `<br>and ${list.length - 3} more` : '');

function table(caption, head, rows, empty = 'None.') {
  if (!rows.length) return `<p class="none"><strong>${esc(caption)}:</strong> ${esc(empty)}</p>`;
  return `<div class="scroll" role="region" aria-label="${esc(caption)}" tabindex="0"><table><caption>${esc(caption)}</caption><thead><tr>${head
    .map((h) => `<th scope="col">${esc(h)}</th>`)
    .join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}

const CSS = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff;line-height:1.45}
body{margin:0}main{max-width:1100px;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0 .6rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #ddd;padding-bottom:.2rem}h3{font-size:1.05rem;margin-top:1.4rem}
.meta{color:#444}.summary{display:flex;flex-wrap:wrap;gap:.6rem;padding:0;list-style:none}
.summary li{border:1px solid #bbb;border-radius:6px;padding:.5rem .8rem;min-width:9rem}
.summary .n{display:block;font-size:1.4rem;font-weight:700}.bad{border-color:#b71c1c!important;background:#fdecea}.good{border-color:#1b5e20!important;background:#edf7ee}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}th,td{border:1px solid #ccc;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}td code{word-break:break-all}code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em}
.cat{display:inline-block;border-radius:4px;padding:0 .35rem;font-size:.8rem;font-weight:600;border:1px solid}
.cat-necessary{color:#1b5e20;background:#e8f5e9}.cat-preferences{color:#4a148c;background:#f3e5f5}.cat-analytics{color:#0d47a1;background:#e3f2fd}
.cat-marketing{color:#b71c1c;background:#ffebee}.cat-embeds{color:#7a3e00;background:#fff3e0}.cat-unknown{color:#424242;background:#f5f5f5}
.none{color:#333}figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}svg{max-width:100%;height:auto}
.note{background:#fff8e1;border:1px solid #a07400;border-radius:6px;padding:.5rem .8rem}
a{color:#0b57d0}:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
`;

export function reportHtml(report) {
  const f = report.findings;
  const live = report.passes.filter((p) => !p.skipped);
  const violationsBy = (id) => f.violations.filter((v) => v.pass === id).length;
  const cards = [
    ['Violations', f.violations.length, f.violations.length ? 'bad' : 'good', 'non-necessary cookies, storage or tracker requests before a choice or after refusal'],
    ['Undeclared cookies', f.undeclared.length, f.undeclared.length ? 'bad' : 'good', 'set, but not declared in the config'],
    ['Declared, never seen', f.unused.length, '', 'declared in the config, not seen on the pages scanned'],
    ['Kept over 13 months', f.retention.length, f.retention.length ? 'bad' : '', 'expiry more than 13 months ahead'],
    ['Unclassified', f.unknown.cookies.length + f.unknown.storage.length, '', 'cookies and storage keys no source knows'],
    ['Unknown third-party hosts', f.unknown.hosts.length, '', 'not in the tracker table: confirm them in blocking.hosts'],
  ];
  const out = [];
  out.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`);
  out.push(`<title>Consentry scan: ${esc(report.origin)}</title><style>${CSS}</style></head><body><main>`);
  out.push(`<h1>Consentry scan of ${esc(report.start)}</h1>`);
  out.push(
    `<p class="meta">${esc(report.finishedAt)} · ${report.pages.length} page${report.pages.length === 1 ? '' : 's'} · config: ${esc(report.config.source)}${report.config.valid ? '' : ' (invalid: ' + esc(report.config.error) + ')'} · Consentry on the site: ${report.consentry.detected ? 'yes' : 'no'}${report.complete ? '' : ' · <strong>interrupted: partial report</strong>'}</p>`,
  );
  if (!report.consentry.detected) {
    out.push(`<p class="note">The site does not run Consentry, so only the first pass (no choice) was made: the scanner cannot click another consent manager's buttons.</p>`);
  }

  out.push(`<h2 id="findings">Findings</h2><ul class="summary">`);
  for (const [label, n, cls, what] of cards) out.push(`<li class="${cls}"><span class="n">${n}</span>${esc(label)}<br><small>${esc(what)}</small></li>`);
  out.push('</ul>');
  out.push(
    table(
      'Violations',
      ['Pass', 'What', 'Name or URL', 'Category', 'First page', 'Set or requested by'],
      f.violations.map((v) => [
        esc(PASS_NAMES[v.pass]),
        esc(v.kind === 'request' ? `request (${v.type})` : v.kind),
        code(v.name),
        badge(v.category),
        code(v.page),
        urls(v.setBy || (v.initiator ? [v.initiator.url] : [])),
      ]),
      'None: nothing but strictly necessary cookies, storage and requests before a choice and after "Reject all".',
    ),
  );
  out.push(
    table(
      'Cookies set but not declared in the config',
      ['Cookie', 'Domain', 'Category (database)', 'Passes', 'Declare as'],
      f.undeclared.map((u) => [code(u.name), code(u.domain), badge(u.category), esc(u.passes.map((p) => PASS_NAMES[p]).join(', ')), u.known ? code(u.pattern) : 'classify it yourself']),
    ),
  );
  out.push(table('Declared in the config, never seen', ['Pattern', 'Declared under'], f.unused.map((u) => [code(u.pattern), badge(u.category)])));
  out.push(table('Declared under another category than the database says', ['Cookie', 'Declared under', 'Database'], f.miscategorised.map((m) => [code(m.name), badge(m.declared), badge(m.database)])));
  out.push(table('Cookies kept more than 13 months', ['Cookie', 'Domain', 'Category', 'Lifetime (days)'], f.retention.map((r) => [code(r.name), code(r.domain), badge(r.category), esc(r.lifetimeDays)])));
  out.push(
    table(
      'Cookies and storage keys no source classifies',
      ['Kind', 'Name', 'First page', 'Set by'],
      [...f.unknown.cookies.map((c) => ['cookie', c]), ...f.unknown.storage.map((s) => [s.type, s])].map(([kind, x]) => [esc(kind), code(x.name), code(x.page), urls(x.setBy || [])]),
    ),
  );
  out.push(
    table(
      'Third-party hosts the tracker table does not know',
      ['Host', 'Request types', 'Passes', 'Draft config'],
      f.unknown.hosts.map((h) => [code(h.host), esc(h.types.join(', ')), esc(h.passes.map((p) => PASS_NAMES[p]).join(', ')), code(JSON.stringify(report.draft.config.blocking?.hosts?.[h.host] ?? null))]),
    ),
  );

  out.push(`<h2 id="categories">Per category and pass</h2>`);
  const groups = (kind) => live.map((p) => ({ label: PASS_NAMES[p.id], values: Object.fromEntries(Object.entries(p.counts).map(([c, n]) => [c, n[kind]])) }));
  const describe = (kind) =>
    live.map((p) => `${PASS_NAMES[p.id]}: ${Object.entries(p.counts).filter(([, n]) => n[kind]).map(([c, n]) => `${c} ${n[kind]}`).join(', ') || 'none'}`).join('; ');
  for (const [kind, title] of [
    ['cookies', 'Cookies per category and pass'],
    ['requests', 'Third-party requests per category and pass'],
  ]) {
    out.push(`<figure><figcaption>${esc(title)}</figcaption>${barChart({ id: `chart-${kind}`, title, desc: describe(kind), groups: groups(kind) })}</figure>`);
  }
  const cats = CATEGORY_ORDER.filter((c) => live.some((p) => p.counts[c]));
  out.push(
    table(
      'Cookies, storage keys and third-party requests per category and pass',
      ['Pass', ...cats.flatMap((c) => [`${c}: cookies`, `${c}: storage`, `${c}: requests`])],
      live.map((p) => [esc(PASS_NAMES[p.id]), ...cats.flatMap((c) => ['cookies', 'storage', 'requests'].map((k) => esc(p.counts[c]?.[k] ?? 0)))]),
    ),
  );

  for (const p of report.passes) {
    out.push(`<h2 id="pass-${esc(p.id)}">Pass: ${esc(p.title)}</h2>`);
    if (p.skipped) {
      out.push(`<p>Not made: ${esc(p.reason)}.</p>`);
      continue;
    }
    if (!p.complete) out.push(`<p class="note">Interrupted: this pass did not visit every page.</p>`);
    if (p.decision) {
      out.push(`<p>The choice: <code>consentry.${esc(p.decision.method)}()</code> on ${code(p.decision.url)}: ${p.decision.ok ? 'made' : 'failed: ' + esc(p.decision.reason)}. Then every page was visited again with only the consent cookie kept.</p>`);
    }
    out.push(
      table(
        `${p.title}: cookies`,
        ['Name', 'Domain', 'Party', 'Category', 'Provider', 'Purpose', 'Expires', 'Attributes', 'Set by'],
        p.cookies.map((c) => [
          code(c.name),
          code(c.domain),
          c.firstParty ? 'first' : 'third',
          badge(c.category),
          esc(c.provider || ''),
          esc(c.purpose || ''),
          esc(c.transient ? 'set, then deleted before the page settled' : humanLifetime(c.lifetimeSeconds)),
          esc([c.secure && 'Secure', c.httpOnly && 'HttpOnly', c.sameSite && `SameSite=${c.sameSite}`, c.path && `Path=${c.path}`].filter(Boolean).join(' ')),
          urls(c.setBy),
        ]),
      ),
    );
    out.push(
      table(
        `${p.title}: storage`,
        ['Kind', 'Name', 'Category', 'Provider', 'First page'],
        p.storage.map((s) => [esc(s.type), code(s.name), badge(s.category), esc(s.provider || ''), code(s.firstSeen)]),
      ),
    );
    out.push(
      table(
        `${p.title}: third-party requests`,
        ['URL', 'Type', 'Category', 'Initiator', 'Count'],
        p.requests.map((r) => [code(r.url), esc(r.type), r.category ? badge(r.category) : 'not a listed tracker', `${esc(r.initiator.type)} ${code(r.initiator.url)}`, esc(r.count)]),
      ),
    );
  }
  out.push(
    `<h2 id="method">How this was measured</h2><p>Each pass starts with an empty cookie jar in Chromium. Categories of cookies and storage keys come from the Open Cookie Database (Apache-2.0); hosts are classified by Consentry's own tracker matcher with this site's config. Cookie values are not recorded. The pages: ${report.pages.map(code).join(', ')}.</p>`,
  );
  out.push('</main></body></html>\n');
  return out.join('\n');
}
