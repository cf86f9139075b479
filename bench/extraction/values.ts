/**
 * Value extraction on a table of our own phrases (bench/extraction/value-phrases.ts): how many
 * replies give exactly the expected value, or — for `ASK` rows — make the engine ask instead of
 * guessing (an ambiguous result, or a refusal with a reason). Written to VALUES.md.
 *
 *   npm run bench:extraction:values
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractValue } from '../../src/understanding/extract/index.ts';
import { ASK, phrases } from './value-phrases.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const now = new Date('2026-11-25T15:00:00Z');
const timeZone = 'America/New_York';

interface Tally {
  right: number;
  total: number;
  wrongWithoutWarning: number;
}
const groups = new Map<string, Tally>();
const misses: string[] = [];
for (const p of phrases) {
  const got = extractValue(p.text, p.spec, { now, timeZone, ...(p.locale ? { locale: p.locale } : {}) });
  const asked = !got.ok;
  const right =
    p.expected === ASK ? asked : got.ok && JSON.stringify(got.value) === JSON.stringify(p.expected);
  const t = groups.get(p.group) ?? { right: 0, total: 0, wrongWithoutWarning: 0 };
  t.total += 1;
  if (right) t.right += 1;
  else {
    if (got.ok) t.wrongWithoutWarning += 1;
    const shown = got.ok ? JSON.stringify(got.value) : `asks: ${got.reason}`;
    misses.push(
      `| ${p.group} | ${p.text} | ${p.expected === ASK ? 'ask' : JSON.stringify(p.expected)} | ${shown} |`,
    );
  }
  groups.set(p.group, t);
}

const all = [...groups.values()].reduce(
  (a, t) => ({
    right: a.right + t.right,
    total: a.total + t.total,
    wrongWithoutWarning: a.wrongWithoutWarning + t.wrongWithoutWarning,
  }),
  { right: 0, total: 0, wrongWithoutWarning: 0 },
);
const row = (name: string, t: Tally) =>
  `| ${name} | ${t.right} / ${t.total} | ${((100 * t.right) / t.total).toFixed(1)} | ${t.wrongWithoutWarning} |`;
const lines = [...groups].map(([g, t]) => row(g, t));
const report = `# Value extraction on our own phrases

\`npm run bench:extraction:values\` — \`extractValue\` on the ${all.total} replies of
\`bench/extraction/value-phrases.ts\` ("now" is Wednesday 25 November 2026, 10:00 New York). A row is
right when the value equals the expected one exactly, or, for rows that must be asked about, when
the result is not a value. "Wrong, no warning" counts values taken that are not the expected one.

| group | right | % | wrong, no warning |
|---|---|---|---|
${lines.join('\n')}
${row('**all**', all)}

${misses.length === 0 ? 'Every row is right.' : `Misses:\n\n| group | reply | expected | got |\n|---|---|---|---|\n${misses.join('\n')}`}
`;
console.log(
  JSON.stringify({ right: all.right, total: all.total, wrongWithoutWarning: all.wrongWithoutWarning }),
);
writeFileSync(join(here, process.env['VALUES_OUT'] ?? 'VALUES.md'), report);
