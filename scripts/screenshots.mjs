// The dialog screenshots in docs/: both layers (first, preferences) at 1280
// and 375 px, light and dark, from the built gallery (dist/, `npm run build`
// first). `node scripts/screenshots.mjs [out-dir]` (default docs/) writes
// dialog-<layer>-<scheme>-<width>.png and dialog-arabic-rtl.png.
import { fileURLToPath } from 'node:url';
import { start, settled } from '../tests/e2e/harness.mjs';

const out = process.argv[2] || fileURLToPath(new URL('../docs', import.meta.url));
const LAYERS = { first: '1', preferences: '2' };
// 375 x 667: a small phone, where the preferences list is longer than the screen.
const SIZES = { 1280: 800, 375: 667 };

const env = await start();
try {
  const { context, page } = await env.page();
  for (const [width, height] of Object.entries(SIZES)) {
    await page.setViewportSize({ width: Number(width), height });
    for (const [name, layer] of Object.entries(LAYERS)) {
      for (const scheme of ['light', 'dark']) {
        await page.goto(`${env.origin}/gallery.html?layout=box&scheme=${scheme}&layer=${layer}`);
        await settled(page);
        const path = `${out}/dialog-${name}-${scheme}-${width}.png`;
        await page.screenshot({ path });
        console.log(path);
      }
    }
  }
  // Right to left: the first layer in Arabic.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${env.origin}/gallery.html?layout=box&scheme=light&layer=1&lang=ar`);
  await settled(page);
  await page.screenshot({ path: `${out}/dialog-arabic-rtl.png` });
  console.log(`${out}/dialog-arabic-rtl.png`);
  await context.close();
} finally {
  await env.close();
}
