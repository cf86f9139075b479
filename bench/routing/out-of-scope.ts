/**
 * What per-agent calibration costs out of scope (issue 9): with a router built on 80 % of the
 * BANKING77 categories (k trigger phrases each, seed 0), how the test rows of the other 20 % —
 * banking questions the agent has no action for ("near") — and 400 Restaurants-8k requests
 * ("far", another task altogether) are answered, with calibrated and with the default thresholds.
 *
 *   node bench/routing/out-of-scope.ts [--data ../shared/bench/banking77] [--far ../shared/bench/restaurant8k/train.json]
 *
 * Prints one JSON line per k and threshold kind.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { seededRandom } from '../../src/shared/random.ts';
import { buildRouter } from '../../src/understanding/routing/index.ts';
import { candidatesFor, readDataset, sampleTriggers, shuffled } from './data.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/bench/banking77' },
    far: { type: 'string', default: '../shared/bench/restaurant8k/train.json' },
  },
});
const { train, test } = readDataset(values.data);
const far = (JSON.parse(readFileSync(values.far, 'utf8')) as { userInput: { text: string } }[])
  .map((item) => item.userInput.text)
  .filter((text) => text.split(/\s+/).length >= 4)
  .slice(0, 400);

for (const k of [10, 5]) {
  const split = sampleTriggers(train, k, 0);
  const categories = shuffled([...split.triggers.keys()].sort(), seededRandom(7));
  const absent = new Set(categories.slice(0, Math.round(categories.length * 0.2)));
  const kept = new Map([...split.triggers].filter(([category]) => !absent.has(category)));
  const near = test.filter((row) => absent.has(row.category)).map((row) => row.text);
  for (const calibrate of [true, false]) {
    const router = buildRouter(candidatesFor(kept, 'name'), { calibrate });
    const rate = (texts: string[], decision: string) =>
      Math.round(
        (1000 * texts.filter((text) => router.route(text).decision === decision).length) / texts.length,
      ) / 10;
    console.log(
      JSON.stringify({
        k,
        thresholds: router.thresholds,
        nearNone: rate(near, 'none'),
        nearClarify: rate(near, 'clarify'),
        nearMatch: rate(near, 'match'),
        farNone: rate(far, 'none'),
      }),
    );
  }
}
