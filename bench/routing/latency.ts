/**
 * Routing latency at the size the spec budgets for: 100 actions × 10 trigger phrases, built from
 * generic customer-service words (no dataset needed).
 *
 *   npm exec -- node bench/routing/latency.ts [--messages 5000]
 *
 * Prints one JSON line: build time, p50/p99/max wall-clock of route() over the messages, and
 * p50/p99 CPU time.
 */
import { parseArgs } from 'node:util';
import { seededRandom } from '../../src/shared/random.ts';
import { buildRouter, type RouteCandidate } from '../../src/understanding/routing/index.ts';
import { percentile } from './metrics.ts';

const VERBS = [
  'check',
  'cancel',
  'change',
  'update',
  'track',
  'return',
  'renew',
  'pay',
  'book',
  'reset',
  'open',
  'close',
  'transfer',
  'upgrade',
  'report',
  'order',
  'refund',
  'replace',
  'verify',
  'schedule',
];
const OBJECTS = [
  'order',
  'subscription',
  'password',
  'address',
  'invoice',
  'appointment',
  'account',
  'package',
  'delivery',
  'card',
  'plan',
  'ticket',
  'reservation',
  'warranty',
  'payment',
];
const TEMPLATES = [
  'I want to {v} my {o}',
  'how do I {v} my {o}',
  'can you help me {v} the {o}',
  'please {v} my {o} today',
  "I need to {v} my {o} but it isn't working",
  'is it possible to {v} an {o} online',
  'where can I {v} my {o}',
  "I'd like to {v} the {o} for my family",
  'what happens if I {v} my {o}',
  'help, I cannot {v} my {o}',
];

function fill(template: string, verb: string, object: string): string {
  return template.replace('{v}', verb).replace('{o}', object);
}

export function syntheticActions(count: number, phrases: number): RouteCandidate[] {
  const actions: RouteCandidate[] = [];
  for (let i = 0; actions.length < count; i++) {
    const verb = VERBS[i % VERBS.length]!;
    const object = OBJECTS[Math.floor(i / VERBS.length) % OBJECTS.length]!;
    actions.push({
      id: `${verb}_${object}`,
      name: `${verb} ${object}`,
      description: `Lets the customer ${verb} their ${object}.`,
      triggers: TEMPLATES.slice(0, phrases).map((template) => fill(template, verb, object)),
    });
  }
  return actions;
}

function main() {
  const { values } = parseArgs({ options: { messages: { type: 'string', default: '5000' } } });
  const actions = syntheticActions(100, 10);
  const started = performance.now();
  const router = buildRouter(actions);
  const buildMs = performance.now() - started;

  const random = seededRandom(7);
  const extra = ['asap', 'thanks', 'urgent', 'again', 'yesterday', 'for my wife', 'from abroad', ''];
  const messages = Array.from({ length: Number(values.messages) }, () => {
    const verb = VERBS[Math.floor(random() * VERBS.length)]!;
    const object = OBJECTS[Math.floor(random() * OBJECTS.length)]!;
    const template = TEMPLATES[Math.floor(random() * TEMPLATES.length)]!;
    return `${fill(template, verb, object)} ${extra[Math.floor(random() * extra.length)]}`;
  });
  for (const message of messages.slice(0, 200)) router.route(message);
  // Wall-clock is what a customer waits; CPU time (process.cpuUsage, microseconds) is what the
  // router costs, and is not inflated when a busy machine deschedules the process mid-call.
  const timings: number[] = [];
  const cpuTimings: number[] = [];
  for (const message of messages) {
    const cpuBefore = process.cpuUsage();
    const before = performance.now();
    router.route(message);
    timings.push(performance.now() - before);
    const cpu = process.cpuUsage(cpuBefore);
    cpuTimings.push((cpu.user + cpu.system) / 1000);
  }
  console.log(
    JSON.stringify({
      actions: 100,
      phrasesPerAction: 10,
      buildMs: Math.round(buildMs),
      p50Ms: Number(percentile(timings, 50).toFixed(3)),
      p99Ms: Number(percentile(timings, 99).toFixed(3)),
      maxMs: Number(percentile(timings, 100).toFixed(3)),
      cpuP50Ms: Number(percentile(cpuTimings, 50).toFixed(3)),
      cpuP99Ms: Number(percentile(cpuTimings, 99).toFixed(3)),
    }),
  );
}

main();
