// The report's inline SVG: grouped bars, one group per pass, one bar per
// category. Text is real <text> (readable, selectable); the figure has a
// title and a description, and the report repeats its numbers in a table.

/** Fill colours per category (each at least 3:1 against white) and a text colour. */
export const COLOURS = {
  necessary: '#2e7d32',
  preferences: '#6a1b9a',
  analytics: '#1565c0',
  marketing: '#c62828',
  embeds: '#ad5700',
  unknown: '#616161',
};
export const CATEGORY_ORDER = Object.keys(COLOURS);

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * `groups`: [{ label, values: { category: number } }]. Returns SVG markup
 * with the accessible name `title` and description `desc`.
 */
export function barChart({ id, title, desc, groups }) {
  const cats = CATEGORY_ORDER.filter((c) => groups.some((g) => g.values[c]));
  const shown = cats.length ? cats : ['unknown'];
  const max = Math.max(1, ...groups.flatMap((g) => shown.map((c) => g.values[c] || 0)));
  const bar = 22;
  const gap = 4;
  const groupWidth = shown.length * (bar + gap) + 28;
  const left = 36;
  const top = 24;
  const plot = 150;
  const width = left + groups.length * groupWidth + 10;
  const legendY = top + plot + 44;
  const height = legendY + 24;
  const parts = [];
  for (let t = 0; t <= 4; t++) {
    const v = Math.round((max * t) / 4);
    const y = top + plot - (plot * v) / max;
    parts.push(`<line x1="${left}" x2="${width - 6}" y1="${y}" y2="${y}" stroke="#d0d0d0"/>`);
    parts.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#333">${v}</text>`);
  }
  groups.forEach((g, gi) => {
    const x0 = left + gi * groupWidth + 14;
    shown.forEach((c, ci) => {
      const v = g.values[c] || 0;
      const h = (plot * v) / max;
      const x = x0 + ci * (bar + gap);
      parts.push(`<rect x="${x}" y="${top + plot - h}" width="${bar}" height="${h}" fill="${COLOURS[c]}"><title>${esc(`${g.label}, ${c}: ${v}`)}</title></rect>`);
      parts.push(`<text x="${x + bar / 2}" y="${top + plot - h - 4}" text-anchor="middle" font-size="11" fill="#222">${v}</text>`);
    });
    parts.push(`<text x="${x0 + (shown.length * (bar + gap)) / 2}" y="${top + plot + 18}" text-anchor="middle" font-size="12" fill="#222">${esc(g.label)}</text>`);
  });
  let lx = left;
  for (const c of shown) {
    parts.push(`<rect x="${lx}" y="${legendY - 10}" width="12" height="12" fill="${COLOURS[c]}"/>`);
    parts.push(`<text x="${lx + 16}" y="${legendY}" font-size="12" fill="#222">${esc(c)}</text>`);
    lx += 24 + c.length * 7;
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${Math.max(width, lx)} ${height}" width="${Math.max(width, lx)}" height="${height}">` +
    `<title id="${id}-t">${esc(title)}</title><desc id="${id}-d">${esc(desc)}</desc>` +
    `<line x1="${left}" x2="${width - 6}" y1="${top + plot}" y2="${top + plot}" stroke="#333"/>${parts.join('')}</svg>`
  );
}
