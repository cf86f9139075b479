import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The admin web app's initial download: every script and stylesheet index.html loads before
 * the first screen (module scripts and modulepreloads), raw and gzipped (level 9, as a
 * static server or proxy would send it). Budget: initial JavaScript ≤ 250 KB gzipped.
 * The live chat widget (web/dist-widget/widget.js, everything a host page loads): budget
 * ≤ 30 KB gzipped. Run `npm run build:web` first.
 */
const dist = join(import.meta.dirname, '../../web/dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
const BUDGET_JS = 250 * 1024;
let js = 0;
let css = 0;
for (const ref of refs) {
  const data = readFileSync(join(dist, ref));
  const gz = gzipSync(data, { level: 9 }).length;
  if (ref.endsWith('.js')) js += gz;
  else css += gz;
  console.log(`${ref}  ${(data.length / 1024).toFixed(1)} KB raw  ${(gz / 1024).toFixed(1)} KB gzipped`);
}
console.log(
  `initial JavaScript: ${(js / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_JS / 1024} KB); CSS ${(css / 1024).toFixed(1)} KB`,
);
const widget = readFileSync(join(import.meta.dirname, '../../web/dist-widget/widget.js'));
const widgetGz = gzipSync(widget, { level: 9 }).length;
const BUDGET_WIDGET = 30 * 1024;
console.log(
  `live chat widget: ${(widget.length / 1024).toFixed(1)} KB raw, ${(widgetGz / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_WIDGET / 1024} KB)`,
);
if (js > BUDGET_JS || widgetGz > BUDGET_WIDGET) {
  console.error('over budget');
  process.exit(1);
}
